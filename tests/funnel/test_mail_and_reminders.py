"""Measured mail (pixel, redirect) and abandoned-basket reminders."""

import re
from datetime import timedelta

import pytest
from django.core import mail as outbox
from django.utils import timezone
from oscar.core.loading import get_model

from funnel import mail
from funnel.models import BasketReminder, Event, EventType, ReminderOptOut
from funnel.reminders import send_basket_reminders, unsubscribe_url
from tests.factories import make_product, place_order

Basket = get_model("basket", "Basket")
BasketLine = get_model("basket", "Line")
pytestmark = pytest.mark.django_db


def test_pixel_and_click_record_events_and_forgeries_record_nothing(client):
    pixel = mail.pixel_url("newsletter", 4, "ann@example.com").split("testserver")[-1]
    pixel = re.sub(r"^https?://[^/]+", "", pixel)
    for _ in range(2):  # a reloaded image is the same open
        response = client.get(pixel)
        assert response["Content-Type"] == "image/gif"
    link = re.sub(r"^https?://[^/]+", "", mail.tracked_url("newsletter", 4, "ann@example.com",
                                                            "/catalogue/"))
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == "/catalogue/"
    assert Event.objects.filter(type=EventType.EMAIL_OPENED).count() == 1
    clicked = Event.objects.get(type=EventType.EMAIL_CLICKED)
    assert (clicked.channel, clicked.source) == ("email", "newsletter")
    before = Event.objects.count()
    assert client.get("/t/o/forged.gif").status_code == 404
    assert client.get(link.replace("/t/c/", "/t/c/x")).status_code == 404
    assert Event.objects.count() == before
    with pytest.raises(ValueError):
        mail.tracked_url("newsletter", 4, "ann@example.com", "https://evil.example/")


@pytest.fixture
def left_basket(django_user_model):
    owner = django_user_model.objects.create_user("lea", "lea@example.com", "pw",
                                                  first_name="Lea")
    basket = Basket.objects.create(owner=owner)
    from oscar.apps.partner.strategy import Default

    basket.strategy = Default()
    basket.add_product(make_product("Lantern"))
    BasketLine.objects.filter(basket=basket).update(
        date_updated=timezone.now() - timedelta(hours=30))
    return basket


def test_one_reminder_per_abandoned_basket_with_measured_links(left_basket, client):
    fresh_owner = get_model("auth", "User").objects.create_user("new", "n@example.com", "pw")
    fresh = Basket.objects.create(owner=fresh_owner)
    from oscar.apps.partner.strategy import Default

    fresh.strategy = Default()
    fresh.add_product(make_product("Kettle"))  # touched just now: not abandoned
    guest = Basket.objects.create()
    guest.strategy = Default()
    guest.add_product(make_product("Mug"))

    sent, _ = send_basket_reminders()
    again, _ = send_basket_reminders()
    assert sent == [left_basket.pk] and again == []
    assert len(outbox.outbox) == 1
    message = outbox.outbox[0]
    assert message.to == ["lea@example.com"] and "Lantern" in message.body
    assert Event.objects.filter(type=EventType.EMAIL_SENT).count() == 1
    html = message.alternatives[0][0]
    assert "/t/o/" in html and "/t/c/" in message.body


def test_the_reminder_opt_out_is_honoured(left_basket, client):
    """The plugin's own opt-out: the link names the reminder, never the address; a GET
    (what mail scanners do) only shows the button, the POST opts out."""
    send_basket_reminders()
    link = unsubscribe_url(BasketReminder.objects.get())
    assert "/t/unsubscribe/" in link and "lea" not in link
    path = re.sub(r"^https?://[^/]+", "", link)
    response = client.get(path)
    assert response.status_code == 200 and "Stop basket reminders to lea@example.com" in (
        response.content.decode())
    assert not ReminderOptOut.objects.exists()
    response = client.post(path)
    assert 'id="unsubscribed"' in response.content.decode()
    assert ReminderOptOut.objects.filter(email="lea@example.com").exists()
    BasketReminder.objects.all().delete()
    assert send_basket_reminders() == ([], {"unsubscribed": 1})
    assert client.get(path[:-3] + "xx/").status_code == 404


def test_an_order_from_a_reminded_basket_counts_as_recovered(left_basket):
    send_basket_reminders()
    order = place_order(make_product("Other"))
    get_model("order", "Order").objects.filter(pk=order.pk).update(basket=left_basket)
    order.refresh_from_db()
    from funnel.reminders import mark_recovered

    mark_recovered(order)
    assert BasketReminder.objects.get().recovered_order == order
