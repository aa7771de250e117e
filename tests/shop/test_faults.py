"""The shop keeps selling when the parts around it fail: a dead mail server, a task
worker that is not running."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from oscar.core.loading import get_model

from funnel.models import Event, EventType
from recommendations.models import ProductBasketCount
from tests.funnel.test_capture import BROWSER, checkout, shop  # noqa: F401  (fixture)
from tests.worker import Worker

Order = get_model("order", "Order")
pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(django_user_model):
    return django_user_model.objects.create_user("eve", "eve@example.com", "pw-123456789")


def test_a_dead_mail_server_never_fails_a_checkout(
        client, shop, customer, settings, caplog, django_capture_on_commit_callbacks):  # noqa: F811
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    client.force_login(customer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = checkout(client, shop[0])
    assert response.status_code == 302 and "thank-you" in response["Location"]
    order = Order.objects.get(user=customer)
    assert order.lines.count() == 1
    assert client.get(response["Location"], **BROWSER).status_code == 200
    assert Event.objects.filter(type=EventType.ORDER_PLACED, order=order).exists()
    # The confirmation was tried after the commit, failed, and said so.
    assert callbacks
    failures = [r for r in caplog.records if r.levelname == "ERROR"
                and "send_order_confirmation" in r.getMessage()]
    assert failures and "Connection refused" in caplog.text
    # The confirmation waits; once the server is back it goes out, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_order_confirmations")
    call_command("send_order_confirmations")
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["eve@example.com"], f"Confirmation of order {order.number}")]
    # Its status link starts with the shop's address (not the Sites framework's default).
    status = reverse("customer:order", kwargs={"order_number": order.number})
    assert settings.SHOP_BASE_URL + status in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_with_the_worker_down_events_flow_and_the_work_waits_in_the_queue(
        client, shop, customer, settings, tmp_path):  # noqa: F811
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    counted_before = ProductBasketCount.objects.filter(product=shop[0]).values_list(
        "baskets", flat=True).first() or 0
    client.force_login(customer)
    client.get(shop[0].get_absolute_url(), **BROWSER)
    response = checkout(client, shop[0])
    assert response.status_code == 302 and "thank-you" in response["Location"]
    order = Order.objects.get(user=customer)
    # The funnel writes its own events; nothing of it waits for the worker.
    assert {EventType.PRODUCT_VIEW, EventType.BASKET_ADD, EventType.ORDER_PLACED} <= set(
        Event.objects.values_list("type", flat=True))
    # Counting the order into the suggestions is queued, not lost and not done yet.
    queued = DBTaskResult.objects.get(task_path="recommendations.tasks.count_order_in")
    assert queued.status == "READY" and queued.args_kwargs["args"] == [order.pk]
    assert (ProductBasketCount.objects.filter(product=shop[0]).values_list(
        "baskets", flat=True).first() or 0) == counted_before
    confirmation = DBTaskResult.objects.get(task_path="shop.checkout.tasks.send_order_confirmation")
    assert confirmation.status == "READY" and mail.outbox == []

    # A worker comes back and catches up.
    worker = Worker(tmp_path / "mail")
    worker.run_batch()
    assert ProductBasketCount.objects.get(product=shop[0]).baskets == counted_before + 1
    assert worker.recipients() == ["eve@example.com"]
