"""Send an issue to its confirmed subscribers, resumably and never twice.

The first run fixes the recipients: one mail-app ``Delivery`` per confirmed
subscriber. ``shop.mail.delivery`` then claims each before its mail goes out,
skips whoever unsubscribed since, and reports deliveries a crashed run left
mid-send (``retry_interrupted`` re-queues those knowingly).
"""

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from funnel import mail as measured
from shop.mail import conf as mail_conf
from shop.mail import delivery, lists

from .models import KIND, NewsletterIssue, Subscriber
from .rendering import Template


def queue(issue, now=None):
    """Fix the recipients on the first run: every confirmed subscriber then."""
    now = now or timezone.now()
    with transaction.atomic():
        started = NewsletterIssue.objects.filter(
            pk=issue.pk, sending_started_at__isnull=True).update(sending_started_at=now)
        if started:
            delivery.queue(KIND, issue.pk, [
                (email, None) for email in
                Subscriber.objects.confirmed().values_list("email", flat=True)])
    issue.refresh_from_db(fields=["sending_started_at", "sent_at"])
    return bool(started)


def retry_interrupted(issue):
    return delivery.retry_interrupted(KIND, issue.pk)


def send_issue(issue, connection=None, request=None, now=None):
    """Send every pending delivery of ``issue``; safe to run again at any time."""
    queue(issue, now)
    template = Template(issue, request)
    connection = connection or get_connection()

    def send_one(sending):
        _message(template, sending, connection).send()
        measured.record_sent(KIND, issue.pk, sending.email, campaign=issue.campaign)

    outcome = delivery.send_pending(KIND, send_one, mail_id=issue.pk)
    if not issue.deliveries().filter(status=delivery.Delivery.PENDING).exists():
        NewsletterIssue.objects.filter(pk=issue.pk, sent_at__isnull=True).update(
            sent_at=now or timezone.now())
    return outcome


def _message(template, sending, connection):
    text, html = template.personalise(sending)
    message = EmailMultiAlternatives(
        subject=template.issue.subject, body=text, from_email=mail_conf.from_email(),
        to=[sending.email], connection=connection,
        headers=lists.unsubscribe_headers(sending))
    message.attach_alternative(html, "text/html")
    return message
