"""The report's boxes agree with the database under every filter: rendered for
several ranges and channels, with the rollups built up to different moments, each
headline figure equals a direct query over the raw events and orders."""

import random
import re
import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from funnel import rollups
from funnel.models import Event, EventType
from sales.queries import counted_orders
from tests.factories import make_product, place_order

Order = get_model("order", "Order")
pytestmark = pytest.mark.django_db
NOT_VISITS = (EventType.EMAIL_SENT, EventType.EMAIL_OPENED)


def at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def history():
    """40 days of visits from three channels (some returning), orders, mail; and the
    shop's own orders, some of them never tracked (imported history)."""
    rng = random.Random(4)
    today = timezone.localdate()
    lamp = make_product("Lamp", "20.00")
    events = []
    visitors = [uuid.uuid4() for _ in range(30)]
    seen = set()
    for offset in range(40):
        day = today - timedelta(days=offset)
        for _ in range(rng.randint(2, 6)):
            visitor, session = rng.choice(visitors), uuid.uuid4()
            channel = rng.choice(["direct", "search", "email"])
            common = {"visitor_id": visitor, "session_id": session, "channel": channel,
                      "new_visitor": visitor not in seen}
            seen.add(visitor)
            hour = rng.randint(8, 20)
            events.append(Event(type=EventType.LIST_VIEW, occurred_at=at(day, hour), **common))
            events.append(Event(type=EventType.PRODUCT_VIEW, product=lamp,
                                occurred_at=at(day, hour), **common))
            if rng.random() < 0.3:
                events.append(Event(type=EventType.ORDER_PLACED, occurred_at=at(day, hour),
                                    value=Decimal(rng.randint(10, 90)), **common))
        if offset % 3 == 0:
            events.append(Event(type=EventType.EMAIL_SENT, occurred_at=at(day, 7),
                                channel="email", campaign="newsletter-1"))
        order = place_order(lamp)
        Order.objects.filter(pk=order.pk).update(date_placed=at(day, 12))
    Event.objects.filter(type=EventType.ORDER_PLACED).delete()  # place_order's own
    Event.objects.bulk_create(events)
    return today


def figures(page):
    def number(element_id):
        found = re.search(rf'id="{element_id}">([^<]*)<', page)
        return int(found.group(1).replace(",", ""))

    return {name: number(name) for name in ("visits", "tracked-orders", "email-sent",
                                            "shop-orders-count")}


def expected(start, end, channel):
    low = timezone.make_aware(datetime.combine(start, time.min))
    high = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    events = Event.objects.filter(occurred_at__gte=low, occurred_at__lt=high)
    if channel:
        events = events.filter(channel=channel)
    sessions = {(timezone.localtime(at).date(), session) for at, session in
                events.exclude(type__in=NOT_VISITS).values_list("occurred_at", "session_id")}
    return {"visits": len(sessions),
            "tracked-orders": events.filter(type=EventType.ORDER_PLACED).count(),
            # Mail is counted whatever the channel filter.
            "email-sent": Event.objects.filter(occurred_at__gte=low, occurred_at__lt=high,
                                               type=EventType.EMAIL_SENT).count(),
            "shop-orders-count": counted_orders().filter(date_placed__gte=low,
                                                         date_placed__lt=high).count()}


@pytest.mark.parametrize("built_days_ago", [None, 10, 0])
def test_every_box_agrees_with_direct_queries(admin_client, history, built_days_ago):
    today = history
    if built_days_ago is not None:
        rollups.build(now=at(today - timedelta(days=built_days_ago), 6))
    ranges = [(today - timedelta(days=6), today), (today - timedelta(days=29), today),
              (today - timedelta(days=25), today - timedelta(days=12))]
    for start, end in ranges:
        for channel in ("", "direct", "email"):
            page = admin_client.get("/dashboard/funnel/", {
                "start": start, "end": end, "channel": channel}).content.decode()
            assert figures(page) == expected(start, end, channel), (start, end, channel)
    # Whole-shop orders ignore the channel; tracked orders do not.
    page = admin_client.get("/dashboard/funnel/", {"channel": "email"}).content.decode()
    assert figures(page)["shop-orders-count"] == expected(
        today - timedelta(days=29), today, "")["shop-orders-count"]


def test_no_change_is_claimed_against_days_before_tracking_began(admin_client, history):
    today = history  # 40 days of history: the last 30 days compare with nothing whole
    def tracked_box(page):
        return page.split('id="tracked"', 1)[1].split('id="email-box"', 1)[0]

    page = admin_client.get("/dashboard/funnel/").content.decode()
    assert "No changes shown: tracking began on" in page
    assert "Previous period" not in tracked_box(page)
    assert "Previous period" in page.split('id="shop-orders"', 1)[1]  # the order book has one
    week = admin_client.get("/dashboard/funnel/", {
        "start": today - timedelta(days=6), "end": today}).content.decode()
    assert "Changes are against the previous 7 days" in week
    assert "Previous period" in tracked_box(week)


def test_a_range_ending_in_the_future_is_refused(admin_client):
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = admin_client.get("/dashboard/funnel/", {"end": tomorrow}).content.decode()
    assert "The end date is in the future" in page and 'id="tracked"' not in page
