"""Claim, then send: every mail of the shop goes out at most once.

Recipients are queued as ``pending`` deliveries (unique per kind, mail and
address). Each is claimed with a conditional UPDATE (``pending`` → ``sending``)
before its mail goes out and marked ``sent`` after, so two runs at once, or a
run after a crash, never mail anyone twice. A mail the backend refuses goes
back to ``pending`` (up to ``MAIL_MAX_ATTEMPTS``, then ``failed``). The one case
this cannot decide is a process killed between handing a mail to the server
and marking it sent: that delivery stays ``sending``, is reported as
interrupted and is only re-queued on request (``retry_interrupted``).
"""

import logging
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone

from . import addresses, conf, lists
from .models import Delivery

logger = logging.getLogger(__name__)


class Skip(Exception):
    """Raised by a sender when this delivery should not go out; the message is the reason."""


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> deliveries
    interrupted: int = 0  # left "sending" by an earlier run that died
    errors: list = field(default_factory=list)
    failed_ids: list = field(default_factory=list)  # deliveries refused this run

    @property
    def skipped_total(self):
        return sum(self.skipped.values())

    def summary(self):
        skipped = ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
        return (f"sent {self.sent}, failed {self.failed}, skipped {self.skipped_total}"
                + (f" ({skipped})" if skipped else "")
                + (f", {self.interrupted} interrupted earlier" if self.interrupted else ""))


def queue(kind, mail_id, recipients):
    """Queue ``recipients`` ((email, user id or None) pairs) for one mail; those
    already queued are left as they are. Returns how many were new."""
    rows = [Delivery(kind=kind, mail_id=mail_id, email=email.strip().lower(), user_id=user_id)
            for email, user_id in recipients]
    before = Delivery.objects.filter(kind=kind, mail_id=mail_id).count()
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return Delivery.objects.filter(kind=kind, mail_id=mail_id).count() - before


def require_address(delivery, current):
    """Skip ``delivery`` when Oscar would mail another address than the one queued
    (and checked): ``current``, the account's or the order's address now."""
    if (current or "").strip().lower() != delivery.email:
        raise Skip("address changed since queued")


def claim(delivery):
    """Take ``delivery`` for this run; False when another run took it first."""
    return bool(Delivery.objects.filter(pk=delivery.pk, status=Delivery.PENDING).update(
        status=Delivery.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1))


def skip_reason(kind, email):
    """Why a mail of ``kind`` must not go to ``email`` (a reserved address, or the
    address left the kind's list), or None."""
    if not addresses.is_deliverable(email):
        return "undeliverable address"
    mail_list = lists.for_kind(kind)
    if mail_list is not None and not mail_list.is_open_to(email):
        return "unsubscribed"
    return None


def send_pending(kind, send, mail_id=None, max_attempts=None):
    """Send every pending delivery of ``kind`` (of one mail, given ``mail_id``)
    with ``send(delivery)``, which sends the mail or raises ``Skip``; a delivery
    refused ``max_attempts`` times (default ``MAIL_MAX_ATTEMPTS``) is given up."""
    max_attempts = max_attempts or conf.get("MAX_ATTEMPTS")
    outcome = Outcome()
    pending = Delivery.objects.filter(kind=kind, status=Delivery.PENDING)
    if mail_id is not None:
        pending = pending.filter(mail_id=mail_id)
    for delivery in list(pending.order_by("pk")):  # a snapshot: the loop updates these rows
        if not claim(delivery):
            continue
        delivery.attempts += 1
        try:
            reason = skip_reason(kind, delivery.email)
            if reason:
                raise Skip(reason)
            send(delivery)
        except Skip as reason:
            delivery.mark(Delivery.SKIPPED, error=str(reason)[:200])
            outcome.skipped[str(reason)] += 1
            continue
        except Exception as error:
            logger.exception("Mail %s %s to delivery %s failed", kind, delivery.mail_id,
                             delivery.pk)
            given_up = delivery.attempts >= max_attempts
            delivery.mark(Delivery.FAILED if given_up else Delivery.PENDING,
                          error=str(error)[:200])
            outcome.failed += 1
            outcome.errors.append(f"{delivery.pk}: {error}")
            outcome.failed_ids.append(delivery.pk)
            continue
        delivery.mark(Delivery.SENT, error="")
        outcome.sent += 1
    interrupted = Delivery.objects.filter(kind=kind, status=Delivery.SENDING)
    if mail_id is not None:
        interrupted = interrupted.filter(mail_id=mail_id)
    outcome.interrupted = interrupted.count()
    return outcome


def retry_interrupted(kind, mail_id=None):
    """Put deliveries a crashed run left mid-send back in the queue (those
    recipients may get the mail twice: only an operator decides that)."""
    interrupted = Delivery.objects.filter(kind=kind, status=Delivery.SENDING)
    if mail_id is not None:
        interrupted = interrupted.filter(mail_id=mail_id)
    return interrupted.update(status=Delivery.PENDING)
