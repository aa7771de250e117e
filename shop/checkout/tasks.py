"""The order confirmation mail, sent by the task worker (django-tasks)."""

import logging

from django.contrib.auth.models import AnonymousUser
from django_tasks import task
from oscar.core.loading import get_class, get_model

from shop.mail import conf as mail_conf

logger = logging.getLogger(__name__)


@task()
def send_order_confirmation(order_id, status_path=None):
    """Oscar's "order placed" message with the context its checkout gives it, links
    starting with SHOP_BASE_URL; raises when the mail server refuses (the task fails
    and says so, the order is untouched)."""
    order = get_model("order", "Order").objects.select_related("user").get(pk=order_id)
    context = {"user": order.user or AnonymousUser(), "order": order,
               "lines": order.lines.all()}
    if status_path:
        context.update(status_path=status_path, status_url=mail_conf.absolute(status_path))
    dispatcher = get_class("order.utils", "OrderDispatcher")(logger=logger)
    dispatcher.send_order_placed_email_for_user(order, context)
