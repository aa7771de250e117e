"""The mails the shop sends by itself: order confirmations, basket reminders and
review requests.

Each kind finds what is due, queues one delivery per basket or order (the
delivery is the claim: unique per kind, id and address) and sends through
``delivery.send_pending``, which skips reserved addresses and whoever left the
kind's list. The funnel measures them: links through its click redirect, its
open pixel, and an ``email_sent`` event per mail.
"""

import logging
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from funnel import mail as measured
from reviews import requests as review_requests

from . import conf, delivery, lists
from .models import Delivery

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
CommunicationEventType = get_model("communication", "CommunicationEventType")
logger = logging.getLogger(__name__)


def _queued(kind):
    return Delivery.objects.filter(kind=kind).values("mail_id")


class BasketReminders:
    """One reminder per basket a signed-in customer left (``MAIL_REMINDER_AFTER_HOURS``
    untouched, younger than ``MAIL_REMINDER_MAX_AGE_DAYS``). An order placed from
    the basket afterwards is the reminder's recovery (the funnel reports it)."""

    kind = "basket_reminder"
    event_code = "BASKET_REMINDER"

    @classmethod
    def due(cls, now=None):
        now = now or timezone.now()
        return (Basket.objects.filter(status=Basket.OPEN, owner__isnull=False,
                                      lines__isnull=False)
                .exclude(pk__in=_queued(cls.kind))
                .annotate(touched=Max("lines__date_updated"))
                .filter(touched__lte=now - timedelta(hours=conf.get("REMINDER_AFTER_HOURS")),
                        touched__gte=now - timedelta(days=conf.get("REMINDER_MAX_AGE_DAYS")))
                .select_related("owner").order_by("touched"))

    @classmethod
    def send(cls, now=None):
        for basket in cls.due(now):
            delivery.queue(cls.kind, basket.pk, [(basket.owner.email or "", basket.owner_id)])
        return delivery.send_pending(cls.kind, cls.send_one)

    @classmethod
    def send_one(cls, sending):
        basket = Basket.objects.select_related("owner").filter(
            pk=sending.mail_id, status=Basket.OPEN).first()
        if basket is None or not basket.lines.exists():
            raise delivery.Skip("basket ordered or emptied")
        delivery.require_address(sending, basket.owner.email)
        email = sending.email
        basket.strategy = get_class("partner.strategy", "Selector")().strategy(
            user=basket.owner)
        value = basket.total_incl_tax or 0  # before sending: nothing may fail after
        context = {
            "user": basket.owner, "basket": basket, "lines": basket.all_lines(),
            "basket_url": measured.tracked_url(cls.kind, basket.pk, email,
                                               reverse("basket:summary")),
            "pixel_url": measured.pixel_url(cls.kind, basket.pk, email),
            "unsubscribe_url": lists.unsubscribe_url(sending),
        }
        messages = CommunicationEventType.objects.get_and_render(cls.event_code, context)
        get_class("communication.utils", "Dispatcher")().dispatch_user_messages(
            basket.owner, messages)
        measured.record_sent(cls.kind, basket.pk, email, user=basket.owner, value=value)


class ReviewRequests:
    """The reviews plugin's request mail (its ``due_orders``, ``products_to_review``
    and ``send_request``), sent through this app's deliveries and lists: the
    plugin's ``send_review_requests`` command runs ``send_review_requests`` below
    (``REVIEWS_REQUEST_SENDER``)."""

    kind = "review_request"

    @classmethod
    def due(cls, now=None):
        return review_requests.due_orders(now).exclude(pk__in=_queued(cls.kind))

    @classmethod
    def send(cls, now=None, dry_run=False):
        outcome = review_requests.Outcome()
        if dry_run:  # what a run would mail, skipping what ``send_pending`` would skip
            for order in cls.due(now):
                reason = delivery.skip_reason(cls.kind, (order.user.email or "").lower())
                if reason:
                    outcome.skip(reason)
                elif not review_requests.products_to_review(order):
                    outcome.skip("everything already reviewed")
                else:
                    outcome.sent.append(order.number)
            return outcome
        for order in cls.due(now):
            delivery.queue(cls.kind, order.pk, [(order.user.email or "", order.user_id)])
        numbers = {}

        def send_one(sending):
            order = Order.objects.select_related("user").get(pk=sending.mail_id)
            numbers[sending.pk] = order.number
            products = review_requests.products_to_review(order)
            if not products:
                raise delivery.Skip("everything already reviewed")
            review_requests.send_request(order, products, sending.email,
                                         unsubscribe_url=lists.unsubscribe_url(sending))
            outcome.sent.append(order.number)

        result = delivery.send_pending(cls.kind, send_one)
        outcome.skipped = dict(result.skipped)
        outcome.failed = [numbers[pk] for pk in result.failed_ids if pk in numbers]
        return outcome


class OrderConfirmations:
    """Oscar's "order placed" mail, at most once per order.

    The delivery is queued in the transaction that places the order, so a committed
    order always has one; the worker sends it (``shop.checkout.tasks``), and
    ``send_order_confirmations`` sends whatever a failed send or a lost task left
    pending, up to ``MAIL_CONFIRMATION_MAX_ATTEMPTS`` tries."""

    kind = "order_confirmation"

    @classmethod
    def queue(cls, order):
        delivery.queue(cls.kind, order.pk, [(order.email or "", order.user_id)])

    @classmethod
    def send(cls, order_id=None):
        return delivery.send_pending(cls.kind, cls.send_one, mail_id=order_id,
                                     max_attempts=conf.get("CONFIRMATION_MAX_ATTEMPTS"))

    @classmethod
    def send_one(cls, sending):
        order = Order.objects.select_related("user").get(pk=sending.mail_id)
        delivery.require_address(sending, order.email)
        context = {"user": order.user or AnonymousUser(), "order": order,
                   "lines": order.lines.all()}
        path = cls.status_path(order)
        if path:
            context.update(status_path=path, status_url=conf.absolute(path))
        dispatcher = get_class("order.utils", "OrderDispatcher")(logger=logger)
        dispatcher.send_order_placed_email_for_user(order, context)

    @staticmethod
    def status_path(order):
        """Where the customer follows the order, as Oscar's checkout links it."""
        try:
            if order.user_id:
                return reverse("customer:order", kwargs={"order_number": order.number})
            return reverse("customer:anon-order", kwargs={
                "order_number": order.number, "hash": order.verification_hash()})
        except NoReverseMatch:
            return None


def send_review_requests(now=None, dry_run=False):
    return ReviewRequests.send(now, dry_run)
