"""Send an issue to its confirmed subscribers, resumably and never twice.

The first run fixes the recipients: one ``Delivery`` row per confirmed
subscriber (unique per issue and subscriber). Each delivery is then claimed
with a conditional UPDATE (``pending`` → ``sending``) before its mail goes out
and marked ``sent`` after, so two runs at once, or a run after a crash, never
mail anyone twice. A mail the backend refuses goes back to ``pending`` (up to
``MAX_ATTEMPTS``). The one case this cannot decide is a process killed between
handing a mail to the server and marking it sent: that delivery stays
``sending`` and is not retried (at most once, never twice); ``--retry-
interrupted`` re-queues those knowingly.
"""

import logging
from dataclasses import dataclass, field

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from funnel import mail as measured

from . import conf, preferences
from .models import Delivery, NewsletterIssue, Subscriber
from .rendering import KIND, Template

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    interrupted: int = 0  # left "sending" by an earlier run that died
    errors: list = field(default_factory=list)


def queue(issue, now=None):
    """Fix the recipients on the first run: every confirmed subscriber then."""
    now = now or timezone.now()
    with transaction.atomic():
        started = NewsletterIssue.objects.filter(
            pk=issue.pk, sending_started_at__isnull=True).update(sending_started_at=now)
        if started:
            Delivery.objects.bulk_create(
                [Delivery(issue=issue, subscriber_id=pk)
                 for pk in Subscriber.objects.confirmed().values_list("pk", flat=True)],
                ignore_conflicts=True, batch_size=1000)
    issue.refresh_from_db(fields=["sending_started_at", "sent_at"])
    return bool(started)


def retry_interrupted(issue):
    return Delivery.objects.filter(issue=issue, status=Delivery.SENDING).update(
        status=Delivery.PENDING)


def send_issue(issue, connection=None, request=None, now=None):
    """Send every pending delivery of ``issue``; safe to run again at any time."""
    queue(issue, now)
    outcome = Outcome()
    template = Template(issue, request)
    connection = connection or get_connection()
    pending = (Delivery.objects.filter(issue=issue, status=Delivery.PENDING)
               .select_related("subscriber").order_by("pk"))
    for delivery in list(pending):  # a snapshot: the loop updates these rows
        claimed = Delivery.objects.filter(pk=delivery.pk, status=Delivery.PENDING).update(
            status=Delivery.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1)
        if not claimed:  # another run took it
            continue
        subscriber = delivery.subscriber
        subscriber.refresh_from_db(fields=["unsubscribed_at", "confirmed_at"])
        if not subscriber.is_confirmed:  # left the list since the issue was queued
            delivery.mark(Delivery.SKIPPED)
            outcome.skipped += 1
            continue
        try:
            _message(template, subscriber.email, connection).send()
        except Exception as error:
            logger.exception("Newsletter %s to subscriber %s failed", issue.pk, subscriber.pk)
            attempts = delivery.attempts + 1
            given_up = attempts >= conf.get("MAX_ATTEMPTS")
            delivery.mark(Delivery.FAILED if given_up else Delivery.PENDING,
                          error=str(error)[:200])
            outcome.failed += 1
            outcome.errors.append(f"{subscriber.pk}: {error}")
            continue
        delivery.mark(Delivery.SENT, error="")
        measured.record_sent(KIND, issue.pk, subscriber.email, campaign=issue.campaign)
        outcome.sent += 1
    left = Delivery.objects.filter(issue=issue, status__in=[Delivery.PENDING, Delivery.SENDING])
    outcome.interrupted = left.filter(status=Delivery.SENDING).count()
    if not left.filter(status=Delivery.PENDING).exists():
        NewsletterIssue.objects.filter(pk=issue.pk, sent_at__isnull=True).update(
            sent_at=now or timezone.now())
    return outcome


def _message(template, email, connection):
    text, html = template.personalise(email)
    message = EmailMultiAlternatives(
        subject=template.issue.subject, body=text, from_email=conf.from_email(), to=[email],
        connection=connection, headers=preferences.unsubscribe_headers("newsletter", email))
    message.attach_alternative(html, "text/html")
    return message
