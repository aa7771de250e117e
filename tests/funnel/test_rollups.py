"""Rollups against the raw events; purge; attribution; the dashboard and its CSV."""

import csv
import io
import uuid
from collections import Counter
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
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


def test_the_purge_keeps_what_is_not_rolled_up_yet(settings):
    """Events past the retention are deleted only up to the last day rolled up: a
    rollup that stopped running must not cost the raw events it never counted."""
    settings.FUNNEL_RETENTION_DAYS = 90
    now = timezone.make_aware(datetime.combine(timezone.localdate(), time(12)))
    Event.objects.bulk_create([event(EventType.PRODUCT_VIEW, now - timedelta(days=days))
                               for days in (120, 100)])
    rollups.build(now=now - timedelta(days=110))  # the rollups stopped 110 days ago
    assert rollups.purge(now=now) == 1
    assert list(Event.objects.values_list("occurred_at", flat=True)) == [
        now - timedelta(days=100)]
    rollups.build(now=now)
    assert rollups.purge(now=now) == 1 and not Event.objects.exists()


def test_the_commands_say_what_they_did(settings):
    settings.FUNNEL_RETENTION_DAYS = 90
    now = timezone.now()
    Event.objects.bulk_create([event(EventType.PRODUCT_VIEW, now - timedelta(days=100)),
                               event(EventType.PRODUCT_VIEW, now)])
    out = io.StringIO()
    call_command("build_funnel_rollups", stdout=out)
    days = (timezone.localdate() - timezone.localdate(now - timedelta(days=100))).days + 1
    assert out.getvalue().strip() == (
        f"Rolled up {days} day(s) into {DailyRollup.objects.count()} row(s).")
    out = io.StringIO()
    call_command("purge_funnel_events", stdout=out)
    assert out.getvalue().strip() == "Deleted 1 raw event(s) older than 90 days."
    assert Event.objects.get().occurred_at == now


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
    bad = admin_client.get(url + "?start=2026-12-01&end=2026-01-01")
    assert b"The start date is after the end date." in bad.content


def exported(admin_client, name, **period):
    response = admin_client.get(reverse("dashboard:funnel-report"), {**period, "export": name})
    assert response["Content-Type"] == "text/csv"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_every_csv_export_holds_the_numbers_of_the_raw_events(admin_client, settings,
                                                                django_user_model):
    """Each export parsed, its figures counted again from the events and orders."""
    settings.FUNNEL_MIN_PRODUCT_VIEWS = settings.FUNNEL_MIN_PRODUCT_BASKETS = 1
    lamp, bulb = make_product("Lamp"), make_product("Bulb")
    buyer = django_user_model.objects.create_user("bo", "bo@example.com", "pw")
    order = place_order(lamp, user=buyer)
    Event.objects.all().delete()
    now = timezone.now()
    s1, s2, s3, visitor = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    Event.objects.bulk_create([
        event(EventType.CONTENT_VIEW, now, session=s1, channel="search", page_id=3),
        event(EventType.PRODUCT_VIEW, now, session=s1, channel="search", product_id=lamp.pk),
        event(EventType.BASKET_ADD, now, session=s1, channel="search", product_id=lamp.pk),
        event(EventType.PRODUCT_VIEW, now, session=s2, product_id=lamp.pk),
        event(EventType.PRODUCT_VIEW, now, session=s2, product_id=bulb.pk),
        event(EventType.CONTENT_VIEW, now, session=s3, visitor=visitor, page_id=3),
        event(EventType.PRODUCT_VIEW, now, session=s3, visitor=visitor, product_id=lamp.pk),
        event(EventType.PRODUCT_VIEW, now, session=s3, visitor=visitor, product_id=lamp.pk),
        event(EventType.BASKET_ADD, now, session=s3, visitor=visitor, product_id=lamp.pk),
        event(EventType.CHECKOUT_START, now, session=s3, visitor=visitor),
        event(EventType.ORDER_PLACED, now, session=s3, visitor=visitor, order=order,
              value=order.total_incl_tax),
    ])
    rollups.build(now=now + timedelta(seconds=1))
    today = timezone.localdate(now)
    period = {"start": today - timedelta(days=1), "end": today}

    def sessions(kind, **fields):
        return len(set(Event.objects.filter(type=kind, **fields).values_list(
            "session_id", flat=True)))

    channels = {(r["channel"], r["step"]): int(r["sessions"])
                for r in exported(admin_client, "channels", **period)}
    for channel in ("search", "direct"):
        for type, label in ((EventType.PRODUCT_VIEW, "Product view"),
                            (EventType.BASKET_ADD, "Basket"),
                            (EventType.ORDER_PLACED, "Order")):
            assert channels[(channel, label)] == sessions(type, channel=channel)
    assert (channels[("direct", "Product view")], channels[("search", "Basket")]) == (2, 1)

    by_view = {int(r["product_id"]): r for r in exported(admin_client, "products_view",
                                                          **period)}
    for product in (lamp, bulb):
        assert int(by_view[product.pk]["views"]) == sessions(EventType.PRODUCT_VIEW,
                                                             product=product)
        assert int(by_view[product.pk]["baskets"]) == sessions(EventType.BASKET_ADD,
                                                               product=product)
    assert (by_view[lamp.pk]["views"], by_view[lamp.pk]["baskets"]) == ("3", "2")
    (basket_row,) = exported(admin_client, "products_basket", **period)
    assert (basket_row["product_id"], basket_row["baskets"], basket_row["orders"]) == (
        str(lamp.pk), "2", "1")
    assert float(basket_row["basket_to_order"]) == 0.5

    (page,) = exported(admin_client, "pages", **period)
    assert (page["page_id"], page["views"], page["orders"]) == (
        "3", str(sessions(EventType.CONTENT_VIEW, page_id=3)), "1")
    assert Decimal(page["revenue"]) == order.total_incl_tax

    cohorts = exported(admin_client, "cohorts", **period)
    first_month = f"{timezone.localtime(order.date_placed):%Y-%m}"
    row = next(r for r in cohorts if r["cohort"] == first_month)
    assert row["customers"] == "1" and float(row["month_0"]) == 1.0


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
