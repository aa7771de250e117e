"""What mining stores and what the operator decides.

Pairs are directional: ``product`` is the one on the page, ``complement`` the
suggestion. Evidence kept per pair is what the score needs (co-purchase count
and basket-weighted count) so an order can update it in place; the dashboard
derives confidence and lift from the counts (``mining.confidence``,
``mining.lift``).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class ProductComplement(models.Model):
    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.CASCADE, related_name="mined_complements"
    )
    complement = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE,
                                   related_name="+")
    baskets = models.PositiveIntegerField(help_text="Orders holding both products.")
    weight = models.FloatField(help_text="Sum of 1/(distinct products) over those orders.")
    score = models.FloatField(help_text=(
        "How strongly the product predicts the complement: its coefficient in a ridge "
        "regression of the complement on its most co-bought products (neighbourhood "
        "EASE), or weight / sqrt(orders with each) under the cosine fallback. Higher "
        "ranks first; sums over a basket's products."))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "complement"],
                                    name="recommendations_unique_pair"),
            models.CheckConstraint(condition=~Q(product=F("complement")),
                                   name="recommendations_no_self_pair"),
        ]
        indexes = [models.Index(fields=["product", "-score"], name="recommendations_best")]

    def __str__(self):
        return f"{self.product_id} -> {self.complement_id} ({self.baskets} orders)"


class ProductBasketCount(models.Model):
    """Orders that held the product (n_i in the score)."""

    product = models.OneToOneField("catalogue.Product", on_delete=models.CASCADE,
                                   primary_key=True, related_name="+")
    baskets = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.product_id}: {self.baskets} orders"


class ComplementOverride(models.Model):
    """The operator's word on a pair; it outlives every rebuild."""

    PIN, BLOCK = "pin", "block"
    ACTIONS = [(PIN, "Pinned: always shown"), (BLOCK, "Blocked: never shown")]

    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE,
                                related_name="complement_overrides")
    complement = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE,
                                   related_name="+")
    action = models.CharField(max_length=8, choices=ACTIONS)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "complement"],
                                    name="recommendations_unique_override"),
            models.CheckConstraint(condition=~Q(product=F("complement")),
                                   name="recommendations_no_self_override"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.product_id} -> {self.complement_id}"


class MiningRun(models.Model):
    """One rebuild, and the orders counted in incrementally since."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    since = models.DateField(null=True, blank=True)
    orders = models.PositiveIntegerField(default=0, help_text="Orders mined by the rebuild.")
    orders_added = models.PositiveIntegerField(
        default=0, help_text="Orders counted in one by one since the rebuild.")
    last_order_id = models.PositiveBigIntegerField(
        null=True, blank=True,
        help_text="The newest order the rebuild counted: the worker skips orders up to it.")
    products = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    engine = models.CharField(
        max_length=20, default="sparse",
        help_text="What computed the pairs: sparse (scipy, in-process) or spark.")
    model = models.CharField(
        max_length=30, default="weighted-cosine",
        help_text="What ranked the pairs: neighbourhood-ease or weighted-cosine.")
    model_reason = models.CharField(
        max_length=200, blank=True,
        help_text="Why that model: the one asked for, or why the rebuild fell back.")

    class Meta:
        # Created order: a rebuild's row is written when it ends, after any row the
        # worker opened meanwhile.
        get_latest_by = "pk"
        ordering = ["-pk"]

    def __str__(self):
        return f"Mining run {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def total_orders(self):
        return self.orders + self.orders_added
