"""Abandoned-basket reminders: one mail per basket, with an opt-out.

Baskets of signed-in customers with lines, untouched for REMINDER_AFTER_HOURS
(and younger than REMINDER_MAX_AGE_DAYS), get one mail through Oscar's
communication app (event type ``BASKET_REMINDER``, editable in the dashboard).
The basket is claimed (``BasketReminder``, unique per basket) before sending,
so no basket is mailed twice; an order placed from it later marks it recovered.
The mail's unsubscribe link leads to this app's own opt-out page (a signed
reminder id, never the address); a project with shared mail lists overrides
the templates (``oscar/communication/emails/commtype_basket_reminder_body.*``).
"""

import logging
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from . import conf, mail
from .models import BasketReminder, ReminderOptOut

logger = logging.getLogger(__name__)
EVENT_CODE = "BASKET_REMINDER"
UNSUBSCRIBE_SALT = "funnel.reminder.unsubscribe"
Basket = get_model("basket", "Basket")
CommunicationEventType = get_model("communication", "CommunicationEventType")


def due_baskets(now=None):
    now = now or timezone.now()
    return (Basket.objects.filter(status=Basket.OPEN, owner__isnull=False,
                                  reminder__isnull=True, lines__isnull=False)
            .annotate(touched=Max("lines__date_updated"))
            .filter(touched__lte=now - timedelta(hours=conf.get("REMINDER_AFTER_HOURS")),
                    touched__gte=now - timedelta(days=conf.get("REMINDER_MAX_AGE_DAYS")))
            .select_related("owner").distinct().order_by("touched"))


def send_basket_reminders(now=None):
    sent, skipped = [], {}
    opted_out = {e.lower() for e in ReminderOptOut.objects.values_list("email", flat=True)}
    dispatcher = get_class("communication.utils", "Dispatcher")()
    selector = get_class("partner.strategy", "Selector")()
    for basket in due_baskets(now):
        basket.strategy = selector.strategy(user=basket.owner)
        email = (basket.owner.email or "").strip()
        reason = None
        if not email or email.lower().endswith(".invalid"):
            reason = "no deliverable address"
        elif email.lower() in opted_out:
            reason = "unsubscribed"
        if reason:
            skipped[reason] = skipped.get(reason, 0) + 1
            continue
        try:
            with transaction.atomic():
                claim = BasketReminder.objects.create(basket=basket, email=email,
                                                      value=basket.total_incl_tax or 0)
        except IntegrityError:
            continue
        try:
            _send(dispatcher, basket, claim, email)
        except Exception:
            logger.exception("Reminder for basket %s failed; will retry", basket.pk)
            claim.delete()
            continue
        sent.append(basket.pk)
    return sent, skipped


def _send(dispatcher, basket, claim, email):
    context = {
        "user": basket.owner, "basket": basket, "lines": basket.all_lines(),
        "basket_url": mail.tracked_url("basket_reminder", claim.pk, email,
                                       reverse("basket:summary")),
        "pixel_url": mail.pixel_url("basket_reminder", claim.pk, email),
        "unsubscribe_url": unsubscribe_url(claim),
    }
    messages = CommunicationEventType.objects.get_and_render(EVENT_CODE, context)
    dispatcher.dispatch_user_messages(basket.owner, messages)
    mail.record_sent("basket_reminder", claim.pk, email, user=basket.owner)


def mark_recovered(order):
    """Called when an order is placed: the basket it came from was reminded?"""
    if order.basket_id:
        BasketReminder.objects.filter(basket_id=order.basket_id,
                                      recovered_order__isnull=True).update(recovered_order=order)


def unsubscribe_url(reminder):
    """The reminder's own opt-out link: its id, signed (no address in the link)."""
    token = signing.dumps(reminder.pk, salt=UNSUBSCRIBE_SALT)
    return mail.absolute(reverse("funnel-unsubscribe", args=[token]))


def read_unsubscribe_token(token):
    """The reminder a genuine opt-out token names, else None. No expiry: an old
    mail's link must keep working."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return BasketReminder.objects.filter(pk=pk).first() if isinstance(pk, int) else None


def opt_out(email):
    """No more basket reminders to ``email``."""
    ReminderOptOut.objects.get_or_create(email=email.strip().lower())
