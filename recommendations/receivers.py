"""Keep the mined pairs fresh as orders are placed, and the cached suggestions
fresh as the operator curates them."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from oscar.apps.order.signals import order_placed
from oscar.core.loading import get_model

from . import cached
from .models import ComplementOverride

logger = logging.getLogger(__name__)


@receiver(order_placed, dispatch_uid="recommendations.count_order_in")
def receive_order_placed(sender, order, **kwargs):
    if kwargs.get("raw"):
        return
    order_id = order.pk
    transaction.on_commit(lambda: _enqueue(order_id))


def _enqueue(order_id):
    from .tasks import count_order_in

    try:
        count_order_in.enqueue(order_id)
    except Exception:  # a broken queue must never break a checkout
        logger.exception("Could not enqueue the recommendations update of order %s", order_id)


@receiver(post_save, sender=ComplementOverride, dispatch_uid="recommendations.forget_on_pin")
@receiver(post_delete, sender=ComplementOverride, dispatch_uid="recommendations.forget_on_unpin")
@receiver(post_save, sender=get_model("catalogue", "ProductRecommendation"),
          dispatch_uid="recommendations.forget_on_entry")
@receiver(post_delete, sender=get_model("catalogue", "ProductRecommendation"),
          dispatch_uid="recommendations.forget_on_entry_delete")
@receiver(post_save, sender=get_model("catalogue", "Product"),
          dispatch_uid="recommendations.forget_on_product")
@receiver(post_delete, sender=get_model("catalogue", "Product"),
          dispatch_uid="recommendations.forget_on_product_delete")
@receiver(post_save, sender=get_model("partner", "StockRecord"),
          dispatch_uid="recommendations.forget_on_stock")
@receiver(post_delete, sender=get_model("partner", "StockRecord"),
          dispatch_uid="recommendations.forget_on_stock_delete")
def forget_suggestions(sender, **kwargs):
    """A pin, a block, one of Oscar's own entries, a product's new title or
    visibility, or a stock record's new price or stock shows on the next view
    (Oscar's allocation at checkout, and its release, send ``post_save`` too)."""
    if not kwargs.get("raw"):
        cached.forget_all()
