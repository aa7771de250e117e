import logging

from django.db import transaction
from oscar.apps.checkout import mixins

from .tasks import send_order_confirmation

logger = logging.getLogger(__name__)


class OrderPlacementMixin(mixins.OrderPlacementMixin):
    def send_order_placed_email(self, order):
        """Queue the confirmation once the order is committed (Oscar sends it inside
        the request that places the order, and a failing send fails the checkout)."""
        status_path = self.get_message_context(order).get("status_path")
        order_id = order.pk

        def queue():
            try:
                send_order_confirmation.enqueue(order_id, status_path)
            except Exception:  # the order stands; its status page is still there
                logger.exception("Could not queue the confirmation of order %s", order_id)

        transaction.on_commit(queue)
