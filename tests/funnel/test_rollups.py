"""Rollups against the raw events; purge; attribution; the dashboard and its CSV."""

import csv
import io
import uuid
from collections import Counter
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funnel import rollups
from funnel.models import DailyRollup, Event, EventType, RollupState
from tests.factories import make_product, place_order

pytestmark = pytest.mark.django_db
TYPES = [EventType.PRODUCT_VIEW, EventType.BASKET_ADD, EventType.CHECKOUT_START,
         EventType.ORDER_PLACED]


def event(type, when, session=None, visitor=None, channel="direct", **fields):
    return Event(type=type, occurred_at=when, session_id=session, visitor_id=visitor,
                 channel=channel, **fields)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(TYPES), st.integers(0, 3), st.integers(0, 4),
                          st.sampled_from(["direct", "search", "email"]),
                          st.integers(0, 47)), max_size=40))
def test_rollups_equal_raw_counts(specs):
    Event.objects.all().delete()
    DailyRollup.objects.all().delete()
    RollupState.objects.all().delete()
    now = timezone.now()
    sessions = [uuid.uuid4() for _ in range(5)]
    Event.objects.bulk_create([
        event(t, now - timedelta(days=day, minutes=minute),
              session=sessions[s] if s else None, channel=channel)
        for t, day, s, channel, minute in specs])
    rollups.build(now=now)
    rollups.build(now=now)  # idempotent
    raw_events, raw_sessions = Counter(), {}
    for e in Event.objects.all():
        key = (timezone.localtime(e.occurred_at).date(), e.type, e.channel)
        raw_events[key] += 1
        raw_sessions.setdefault(key, set()).add(e.session_id or e.id)
    stored = {(r.date, r.type, r.channel): r for r in DailyRollup.objects.filter(
        product_id=0, page_id=0).exclude(type=rollups.VISIT)}
    assert {k: r.events for k, r in stored.items()} == dict(raw_events)
    assert {k: r.sessions for k, r in stored.items()} == {
        k: len(v) for k, v in raw_sessions.items()}


def test_rebuilds_are_incremental_and_old_days_survive_the_purge(settings):
    settings.FUNNEL_RETENTION_DAYS = 90
    # Midday, so "five minutes later" is the same day whenever the suite runs.
    now = timezone.make_aware(datetime.combine(timezone.localdate(), time(12)))
    old, recent = now - timedelta(days=120), now - timedelta(days=1)
    Event.objects.bulk_create([event(EventType.PRODUCT_VIEW, old, session=uuid.uuid4()),
                               event(EventType.PRODUCT_VIEW, recent, session=uuid.uuid4())])
    rollups.build(now=now)
    assert rollups.purge(now=now) == 1
    assert Event.objects.count() == 1
    Event.objects.create(type=EventType.BASKET_ADD, occurred_at=now, channel="direct")
    days, _ = rollups.build(now=now + timedelta(minutes=5))
    assert days == 1  # only today is rebuilt
    assert DailyRollup.objects.filter(date=timezone.localtime(old).date()).exists()
    assert set(DailyRollup.objects.values_list("type", flat=True)) >= {
        EventType.PRODUCT_VIEW, EventType.BASKET_ADD}


def test_the_purge_never_fetches_the_events_it_deletes(settings):
    """Whatever listens to every model's deletes (haystack's realtime processor does),
    the purge deletes with plain DELETEs (a day at a time on SQLite, to let writers in
    between), never fetching the rows one by one."""
    settings.FUNNEL_RETENTION_DAYS = 90
    now = timezone.make_aware(datetime.combine(timezone.localdate(), time(12)))
    Event.objects.bulk_create([event(EventType.PRODUCT_VIEW, now - timedelta(days=100 + i))
                               for i in range(300)])
    rollups.build(now=now)
    with CaptureQueriesContext(connection) as queries:
        assert rollups.purge(now=now) == 300
    touching = [q["sql"] for q in queries if "funnel_event" in q["sql"]]
    others = [sql for sql in touching if not sql.startswith("DELETE")]
    assert len(touching) > len(others) and len(others) <= 1  # the oldest event's time
    assert all('"funnel_event"."id"' not in sql for sql in others)
    assert not Event.objects.exists()


def test_orders_are_credited_to_content_suggestions_and_reviews(django_user_model):
    visitor, other = uuid.uuid4(), uuid.uuid4()
    lamp = make_product("Lamp")
    order = place_order(lamp)
    Event.objects.all().delete()
    now = timezone.now()
    Event.objects.bulk_create([
        event(EventType.CONTENT_VIEW, now - timedelta(days=3), visitor=visitor, page_id=3),
        event(EventType.CONTENT_VIEW, now - timedelta(days=9), visitor=visitor, page_id=3,
              id=uuid.uuid4()),  # too early: outside 7 days, credits nothing more
        event(EventType.REVIEWS_READ, now - timedelta(hours=2), visitor=visitor),
        event(EventType.CONTENT_VIEW, now - timedelta(days=1), visitor=other, page_id=3),
        event(EventType.RECOMMENDATION_CLICKED, now - timedelta(hours=1), basket_id=77),
        event(EventType.ORDER_PLACED, now, visitor=visitor, basket_id=77, order=order,
              value=order.total_incl_tax),
    ])
    rollups.build(now=now + timedelta(seconds=1))
    credited = {r.type: (r.page_id, r.events, r.value) for r in DailyRollup.objects.filter(
        type__in=rollups.ATTRIBUTED.values())}
    assert credited == {
        rollups.ATTRIBUTED["content"]: (3, 1, order.total_incl_tax),
        rollups.ATTRIBUTED["reviews"]: (0, 1, order.total_incl_tax),
        rollups.ATTRIBUTED["recommendation"]: (0, 1, order.total_incl_tax),
    }


def test_dashboard_is_staff_only_and_exports_csv(client, admin_client):
    now = timezone.now()
    session = uuid.uuid4()
    Event.objects.bulk_create([event(EventType.CONTENT_VIEW, now, session=session),
                               event(EventType.PRODUCT_VIEW, now, session=session),
                               event(EventType.BASKET_ADD, now, session=session)])
    rollups.build(now=now)
    url = reverse("dashboard:funnel-report")
    assert client.get(url).status_code == 302
    page = admin_client.get(url)
    steps = {s["label"]: s["sessions"] for s in page.context["funnel"]}
    assert (steps["Content view"], steps["Product view"], steps["Basket"]) == (1, 1, 1)
    assert b"<svg" in page.content
    exported = admin_client.get(url + "?export=funnel")
    assert exported["Content-Type"] == "text/csv"
    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    assert [r["label"] for r in rows][:4] == ["Visits", "Content view", "Product view",
                                              "Basket"]
    assert rows[0]["sessions"] == rows[3]["sessions"] == "1"
    for name in ("channels", "products_view", "products_basket", "pages", "cohorts"):
        assert admin_client.get(url + f"?export={name}").status_code == 200
    bad = admin_client.get(url + "?start=2026-12-01&end=2026-01-01")
    assert b"The start date is after the end date." in bad.content


def test_basket_to_order_counts_tracked_orders_only():
    """Imported history has no basket events: counting its orders against tracked
    baskets gave rates of thousands of percent."""
    lamp = make_product("Lamp")
    tracked, imported = place_order(lamp), place_order(lamp)  # both record order_placed
    Event.objects.filter(order=imported).delete()  # as an imported order: never tracked
    Event.objects.create(type=EventType.BASKET_ADD, occurred_at=timezone.now(),
                         session_id=uuid.uuid4(), product=lamp, channel="direct")
    rollups.build()
    ordered = DailyRollup.objects.get(type=rollups.ORDERED, product_id=lamp.pk)
    assert ordered.events == 1 and tracked.lines.get().product_id == lamp.pk
