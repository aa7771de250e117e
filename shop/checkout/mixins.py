import logging

from django.db import transaction
from oscar.apps.checkout import mixins

from shop.mail.automated import OrderConfirmations

from .tasks import send_order_confirmation

logger = logging.getLogger(__name__)


class OrderPlacementMixin(mixins.OrderPlacementMixin):
    def send_order_placed_email(self, order):
        """Queue the confirmation with the order and send it from the worker once the
        order is committed. Oscar sends it inside the request that places the order,
        where a failing mail server fails the checkout; here the delivery row,
        written in the order's transaction, keeps it from being lost or sent twice."""
        OrderConfirmations.queue(order)
        order_id = order.pk

        def enqueue():
            try:
                send_order_confirmation.enqueue(order_id)
            except Exception:  # the delivery waits for send_order_confirmations
                logger.exception("Could not queue the confirmation of order %s", order_id)

        transaction.on_commit(enqueue)
