"""Turn Oscar's, Django's and the other plugins' signals into funnel events.

Each receiver only appends to the current request's tracker (or writes at
once when there is no request) and swallows its own errors. The
recommendations and reviews plugins are known only through their signals, and
only when they are installed (``connect_plugins``, called from ``ready()``).
"""

import functools
import logging
import re

from django.apps import apps
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete
from django.dispatch import receiver
from oscar.apps.basket.signals import basket_addition
from oscar.apps.catalogue.signals import product_viewed
from oscar.apps.checkout.signals import post_payment, pre_payment, start_checkout
from oscar.apps.customer.signals import user_registered
from oscar.apps.order.signals import order_placed
from oscar.apps.search.signals import user_search
from oscar.core.loading import get_model

from . import tracker
from .mail import record_sent
from .models import EventType

logger = logging.getLogger(__name__)
BasketLine = get_model("basket", "Line")
# A suggestion link's ``rec=<source>:<anchor pk>`` (0: no anchor, a best seller).
SUGGESTION_LINK = re.compile(r"([a-z_]{1,40}):(\d{1,10})")
ARM = re.compile(r"[a-z_]{1,20}")  # an A/B arm's name


def never_raises(handler):
    @functools.wraps(handler)
    def wrapper(*args, **kwargs):
        try:
            handler(*args, **kwargs)
        except Exception:
            logger.exception("Funnel receiver %s failed", handler.__name__)

    return wrapper


def _basket_id(request):
    basket = getattr(request, "basket", None) if request is not None else None
    return basket.id if basket is not None and basket.id else None


@receiver(product_viewed, dispatch_uid="funnel.product_viewed")
@never_raises
def on_product_viewed(sender, product, request=None, **kwargs):
    tracker.record(EventType.PRODUCT_VIEW, product=product)
    opened = _suggestion_link(request)
    if opened is not None:
        source, anchor = opened
        # One click per session and pair: a reload, a bookmark or the back button on
        # the same link is the same click (its replayed id is not written twice).
        active = tracker.current()
        session = active.session.get("id") if active is not None else None
        tracker.record(EventType.RECOMMENDATION_OPENED, product=product,
                       data={"source": source, "from_product": anchor},
                       id=tracker.event_id("opened", session, source, anchor, product.pk)
                       if session else None)


def _suggestion_link(request):
    """(source, anchor pk or None) of a suggestion link's ``rec=``; None when the page
    was not opened from one, or the value is not of that shape (typed, forged)."""
    value = request.GET.get("rec") if request is not None else None
    match = SUGGESTION_LINK.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    return match[1], int(match[2]) or None


@receiver(basket_addition, dispatch_uid="funnel.basket_addition")
@never_raises
def on_basket_addition(sender, product, request=None, **kwargs):
    tracker.record(EventType.BASKET_ADD, product=product, basket_id=_basket_id(request))


@receiver(post_delete, sender=BasketLine, dispatch_uid="funnel.basket_remove")
@never_raises
def on_basket_line_deleted(sender, instance, **kwargs):
    if tracker.current() is None:  # only a shopper's removal, not merges or clean-ups
        return
    tracker.record(EventType.BASKET_REMOVE, product_id=instance.product_id,
                   basket_id=instance.basket_id)


@receiver(user_search, dispatch_uid="funnel.user_search")
@never_raises
def on_search(sender, query="", **kwargs):
    tracker.record(EventType.SEARCH, data={"query": str(query)[:100]})


@receiver(start_checkout, dispatch_uid="funnel.start_checkout")
@never_raises
def on_start_checkout(sender, request=None, **kwargs):
    tracker.record(EventType.CHECKOUT_START, basket_id=_basket_id(request))


@receiver(pre_payment, dispatch_uid="funnel.pre_payment")
@never_raises
def on_pre_payment(sender, view=None, **kwargs):
    tracker.record(EventType.PAYMENT, basket_id=_basket_id(getattr(view, "request", None)),
                   data={"outcome": "attempt"})


@receiver(post_payment, dispatch_uid="funnel.post_payment")
@never_raises
def on_post_payment(sender, view=None, **kwargs):
    """Payment went through (Oscar's pass-through here): the payment step's outcome."""
    request = getattr(view, "request", None)
    tracker.record(EventType.PAYMENT, basket_id=_basket_id(request), data={"outcome": "paid"})


@never_raises
def on_review_requested(sender, order, email, **kwargs):
    record_sent("review_request", order.pk, email, user=order.user)


@receiver(order_placed, dispatch_uid="funnel.order_placed")
@never_raises
def on_order_placed(sender, order, user=None, **kwargs):
    if kwargs.get("raw"):
        return
    active = tracker.current()
    if active is not None and user is not None:
        active.stitch(user)
    tracker.record(EventType.ORDER_PLACED, id=tracker.event_id("order", order.number),
                   order=order, basket_id=order.basket_id, value=order.total_incl_tax,
                   currency=order.currency, user=user if user and user.is_authenticated else None)


@receiver(user_registered, dispatch_uid="funnel.user_registered")
@never_raises
def on_registered(sender, user, request=None, **kwargs):
    active = tracker.current()
    if active is not None:
        active.stitch(user)
    tracker.record(EventType.SIGN_UP, user=user)


@receiver(user_logged_in, dispatch_uid="funnel.user_logged_in")
@never_raises
def on_logged_in(sender, user, request=None, **kwargs):
    active = tracker.current()
    if active is not None:
        active.stitch(user)
        active.record(EventType.SIGN_IN, user=user)


@never_raises
def on_suggestions_shown(sender, products, source, product=None, anchors=None, arm=None,
                         **kwargs):
    """One impression per block rendered; ``anchors`` (parallel to ``products``: who
    put each forward) is kept when the sender gives it, and the visitor's A/B ``arm``
    (an empty ``products``: a control arm shown no block)."""
    data = {"source": source, "products": [p.pk for p in products]}
    anchors = None if anchors is None else list(anchors)
    if anchors is not None and len(anchors) == len(products):
        data["anchors"] = [_pk(anchor) for anchor in anchors]
    _with_arm(data, arm)
    tracker.record(EventType.RECOMMENDATION_SHOWN, product=product, data=data)


@never_raises
def on_suggestions_added(sender, request, products, source, product=None, arm=None,
                         **kwargs):
    """Each product added from a block, credited to the page's ``product`` (None from
    the basket's list: ``suggestions`` finds what the visit was shown it with)."""
    for added in products:
        tracker.record(EventType.RECOMMENDATION_CLICKED, product=added,
                       basket_id=_basket_id(request),
                       data=_with_arm({"source": source, "from_product": _pk(product)}, arm))


def _with_arm(data, arm):
    """``data`` with the visitor's A/B arm when the sender compares this visit."""
    if isinstance(arm, str) and ARM.fullmatch(arm):
        data["arm"] = arm
    return data


def _pk(product):
    """A product's pk, given the product or its pk; None for None (a best seller)."""
    pk = getattr(product, "pk", product)
    return pk if isinstance(pk, int) and pk > 0 else None


def connect_plugins():
    """Listen to the recommendations and reviews plugins where they are installed."""
    if apps.is_installed("recommendations"):
        from recommendations.signals import suggestions_added_to_basket, suggestions_shown

        suggestions_shown.connect(on_suggestions_shown, dispatch_uid="funnel.suggestions_shown")
        suggestions_added_to_basket.connect(on_suggestions_added,
                                            dispatch_uid="funnel.suggestions_added")
    if apps.is_installed("reviews"):
        from reviews.signals import review_requested

        review_requested.connect(on_review_requested, dispatch_uid="funnel.review_requested")
