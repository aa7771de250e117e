"""The order confirmation mail, sent by the task worker (django-tasks)."""

from django_tasks import task
from oscar.core.loading import get_model

from shop.mail.automated import OrderConfirmations


@task()
def send_order_confirmation(order_id, status_path=None):
    """Send the order's queued confirmation (its delivery makes it at most once).
    Raises when the mail server refuses, so the task is marked failed; the delivery
    stays pending and ``send_order_confirmations`` retries it.

    ``status_path`` is ignored: tasks queued before deliveries carried it, and get
    their delivery here."""
    order = get_model("order", "Order").objects.filter(pk=order_id).first()
    if order is None:
        return "order deleted"
    OrderConfirmations.queue(order)  # a no-op when the checkout queued it
    outcome = OrderConfirmations.send(order_id)
    if outcome.failed:
        raise RuntimeError(f"Order {order_id}: confirmation not sent ({outcome.errors[0]})")
    return outcome.summary()
