"""Ask customers to review what they bought: one mail per order, never two.

An order qualifies ``REQUEST_DELAY_DAYS`` after it was completed (its last
change to a ``REQUEST_STATUSES`` status, or its placing date when it was
imported complete), until ``REQUEST_MAX_AGE_DAYS``, when it belongs to a customer account with a
deliverable address that has not opted out, and holds products the customer
has not reviewed. The order is *claimed* (a ``ReviewRequest`` row, unique per
order) before the mail goes out: two runs at once, or a run after a crash,
never mail an order twice. A mail that fails to send releases its claim, so
the next run tries again. A project that sends its mail its own way points
``REVIEWS_REQUEST_SENDER`` at its sender and reuses the parts below.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from sales.queries import bought_lines

from . import conf, tokens
from .signals import review_requested

logger = logging.getLogger(__name__)

EVENT_CODE = "REVIEW_REQUEST"
Order = get_model("order", "Order")
ProductReview = get_model("reviews", "ProductReview")
ReviewRequest = get_model("reviews", "ReviewRequest")
ReviewMailOptOut = get_model("reviews", "ReviewMailOptOut")


@dataclass
class Outcome:
    sent: list = field(default_factory=list)  # order numbers
    skipped: dict = field(default_factory=dict)  # reason -> count
    failed: list = field(default_factory=list)

    def skip(self, reason):
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def due_orders(now=None):
    now = now or timezone.now()
    statuses = conf.get("REQUEST_STATUSES")
    completed = Coalesce(
        Max("status_changes__date_created", filter=Q(status_changes__new_status__in=statuses)),
        "date_placed")
    return (Order.objects.filter(status__in=statuses, user__isnull=False,
                                 review_request__isnull=True)
            .annotate(completed=completed)
            .filter(completed__lte=now - timedelta(days=conf.get("REQUEST_DELAY_DAYS")),
                    completed__gte=now - timedelta(days=conf.get("REQUEST_MAX_AGE_DAYS")))
            .select_related("user").order_by("completed"))


def products_to_review(order):
    bought = list(bought_lines().filter(order=order).select_related("product")
                  .order_by("id"))
    reviewed = set(ProductReview.objects.filter(user=order.user, product__in=[
        line.product_id for line in bought]).values_list("product_id", flat=True))
    products, seen = [], set()
    for line in bought:
        if line.product_id not in reviewed and line.product_id not in seen:
            seen.add(line.product_id)
            products.append(line.product)
    return products


def absolute(path):
    """``path`` on this shop as a URL a mail reader can follow (``conf.base_url``)."""
    return conf.base_url() + path


def send_review_requests(now=None, dry_run=False):
    outcome = Outcome()
    opted_out = {e.lower() for e in ReviewMailOptOut.objects.values_list("email", flat=True)}
    dispatcher = get_class("order.utils", "OrderDispatcher")()
    for order in due_orders(now):
        email = (order.user.email or "").strip()
        if not email or email.lower().endswith(".invalid"):
            outcome.skip("no deliverable address")
            continue
        if email.lower() in opted_out:
            outcome.skip("unsubscribed")
            continue
        products = products_to_review(order)
        if not products:
            outcome.skip("everything already reviewed")
            continue
        if dry_run:
            outcome.sent.append(order.number)
            continue
        try:
            with transaction.atomic():
                claim = ReviewRequest.objects.create(order=order, email=email,
                                                     products=len(products))
        except IntegrityError:
            outcome.skip("already asked")
            continue
        try:
            send_request(order, products, email, dispatcher=dispatcher,
                         unsubscribe_url=absolute(reverse("reviews-unsubscribe", kwargs={
                             "token": tokens.unsubscribe_token(claim)})))
        except Exception:
            logger.exception("Review request for order %s failed; will retry", order.number)
            claim.delete()
            outcome.failed.append(order.number)
            continue
        outcome.sent.append(order.number)
    return outcome


def send_request(order, products, email, unsubscribe_url, dispatcher=None):
    """Mail ``email`` the request to review ``products`` of ``order`` (Oscar's
    ``REVIEW_REQUEST`` communication, logged on the order) and announce it."""
    dispatcher = dispatcher or get_class("order.utils", "OrderDispatcher")()
    links = [
        {"product": product, "url": absolute(
            reverse("catalogue:reviews-add", kwargs={
                "product_slug": product.slug, "product_pk": product.pk})
            + "?token=" + tokens.review_token(order.user_id, product.pk))}
        for product in products
    ]
    context = {
        "order": order, "user": order.user, "links": links,
        "unsubscribe_url": unsubscribe_url,
    }
    messages = dispatcher.dispatcher.get_messages(EVENT_CODE, context)
    dispatcher.dispatch_order_messages(order, messages, EVENT_CODE)
    review_requested.send(sender=None, order=order, email=email, products=products)
