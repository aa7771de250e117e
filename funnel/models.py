"""The funnel's append-only event store and the visitor-to-customer links."""

import uuid

from django.conf import settings
from django.db import models

from .channels import CHANNELS


class EventType(models.TextChoices):
    CONTENT_VIEW = "content_view", "Content page view"
    LIST_VIEW = "list_view", "Product list or category view"
    SEARCH = "search", "Search"
    PRODUCT_VIEW = "product_view", "Product view"
    BASKET_ADD = "basket_add", "Basket add"
    BASKET_REMOVE = "basket_remove", "Basket remove"
    CHECKOUT_START = "checkout_start", "Checkout start"
    SHIPPING_ADDRESS = "checkout_shipping_address", "Checkout: shipping address"
    SHIPPING_METHOD = "checkout_shipping_method", "Checkout: shipping method"
    PAYMENT_METHOD = "checkout_payment_method", "Checkout: payment method"
    PREVIEW = "checkout_preview", "Checkout: preview"
    PAYMENT = "checkout_payment", "Checkout: payment"
    ORDER_PLACED = "order_placed", "Order placed"
    RECOMMENDATION_SHOWN = "recommendation_shown", "Recommendation shown"
    # Added to the basket from a suggestion block (the value predates the label).
    RECOMMENDATION_CLICKED = "recommendation_clicked", "Suggestion added to basket"
    RECOMMENDATION_OPENED = "recommendation_opened", "Suggestion clicked"
    REVIEWS_READ = "reviews_read", "Review section read"
    EMAIL_SENT = "email_sent", "Email sent"
    EMAIL_OPENED = "email_opened", "Email opened"
    EMAIL_CLICKED = "email_clicked", "Email link clicked"
    SIGN_UP = "sign_up", "Registration"
    SIGN_IN = "sign_in", "Sign in"


class Event(models.Model):
    """One thing a visitor did. Rows are only ever inserted (and purged when old);
    the id is the event's identity, so recording the same event twice is a no-op."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(max_length=40, choices=EventType.choices)
    occurred_at = models.DateTimeField(db_index=True)
    visitor_id = models.UUIDField(null=True, blank=True, db_index=True,
                                  help_text="Random first-party id; empty under GPC/DNT.")
    session_id = models.UUIDField(null=True, blank=True)
    new_visitor = models.BooleanField(default=False,
                                      help_text="The session's visitor had no cookie yet.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    product = models.ForeignKey("catalogue.Product", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    page_id = models.PositiveIntegerField(
        null=True, blank=True,
        help_text="The content page viewed (a Wagtail page id where Wagtail is installed).")
    basket_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    order = models.ForeignKey("order.Order", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    channel = models.CharField(max_length=16, choices=CHANNELS, blank=True)
    source = models.CharField(max_length=100, blank=True)
    medium = models.CharField(max_length=100, blank=True)
    campaign = models.CharField(max_length=100, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["type", "occurred_at"], name="funnel_type_time")]

    def __str__(self):
        return f"{self.type} at {self.occurred_at:%Y-%m-%d %H:%M}"


class DailyRollup(models.Model):
    """Events of one day, type and channel, per product, page or mail campaign
    (0 or "" = all).

    Built by ``build_funnel_rollups`` from the raw events, a whole day at a time,
    so a rebuild gives the same rows; kept when old raw events are purged.
    Sessions are counted distinct within the day (a visit seldom spans midnight).
    """

    date = models.DateField()
    type = models.CharField(max_length=40, choices=EventType.choices)
    channel = models.CharField(max_length=16, blank=True)
    product_id = models.PositiveIntegerField(default=0)
    page_id = models.PositiveIntegerField(default=0)
    campaign = models.CharField(max_length=100, blank=True, default="",
                                help_text="Mail rows: the mail's campaign (one per newsletter "
                                          "issue, one per kind of automated mail).")
    events = models.PositiveIntegerField(default=0)
    sessions = models.PositiveIntegerField(default=0, help_text="Distinct sessions; each "
                                           "anonymous (GPC/DNT) event counts as one.")
    new_sessions = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)
    value = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["date", "type", "channel", "product_id", "page_id", "campaign"],
            name="funnel_rollup_key")]
        indexes = [models.Index(fields=["date", "type"], name="funnel_rollup_day_type")]

    def __str__(self):
        return f"{self.date} {self.type} {self.channel}: {self.events}"


class RollupState(models.Model):
    """Up to which moment the raw events have been rolled up."""

    built_until = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Rolled up until {self.built_until}"

