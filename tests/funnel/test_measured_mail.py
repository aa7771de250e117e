"""Measured mail: the open pixel, the click redirect, and reminders measured from events."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from funnel import loaders, mail
from funnel.models import Event, EventType
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


def test_reminders_and_their_recovery_are_measured_from_sent_events(django_user_model):
    """Whoever sends a basket reminder records ``email_sent``; an order later placed
    from that basket is its recovery, an order from another basket is not."""
    owner = django_user_model.objects.create_user("lea", "lea@example.com", "pw")
    reminded, other = Basket.objects.create(owner=owner), Basket.objects.create(owner=owner)
    mail.record_sent("basket_reminder", reminded.pk, "lea@example.com", user=owner, value=30)
    mail.record_sent("basket_reminder", other.pk, "lea@example.com", user=owner, value=12)
    mail.record_sent("review_request", reminded.pk, "lea@example.com", user=owner)
    recovered = place_order(make_product("Lantern", "30.00"), user=owner)
    unrelated = place_order(make_product("Mug", "5.00"), user=owner)
    Order = get_model("order", "Order")
    Order.objects.filter(pk=recovered.pk).update(basket=reminded)
    earlier = timezone.now() - timedelta(days=1)
    Order.objects.filter(pk=unrelated.pk).update(basket=other, date_placed=earlier)
    today = timezone.localdate()
    figures = loaders.reminders(today - timedelta(days=2), today)
    assert figures["sent"] == 2 and figures["recovered"] == 1
    assert figures["recovered_value"] == recovered.total_incl_tax
