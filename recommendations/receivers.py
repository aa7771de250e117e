"""Keep the mined pairs fresh as orders are placed."""

import logging

from django.db import transaction
from django.dispatch import receiver
from oscar.apps.order.signals import order_placed

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
