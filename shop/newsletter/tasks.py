"""Sending as a background task (django-tasks): the same resumable service."""

from django_tasks import task

from .models import NewsletterIssue
from .sending import send_issue


@task()
def send_newsletter(issue_id):
    outcome = send_issue(NewsletterIssue.objects.get(pk=issue_id))
    return {"sent": outcome.sent, "failed": outcome.failed,
            "skipped": outcome.skipped_total, "interrupted": outcome.interrupted}
