"""The order confirmation mail, sent by the task worker (django-tasks)."""

from django_tasks import task

from shop.mail.automated import OrderConfirmations


@task()
def send_order_confirmation(order_id):
    """Send the order's queued confirmation (its delivery makes it at most once).
    Raises when the mail server refuses, so the task is marked failed; the delivery
    stays pending and ``send_order_confirmations`` retries it."""
    outcome = OrderConfirmations.send(order_id)
    if outcome.failed:
        raise RuntimeError(f"Order {order_id}: confirmation not sent ({outcome.errors[0]})")
    return outcome.summary()
