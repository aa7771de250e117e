"""Funnel speed: rollups, the report, tracking and the purge at scale.

    make bench   (1,000,000 events on SQLite, then 10,000,000 on PostgreSQL)
    .venv/bin/python tests/benchmarks/bench_funnel.py [--events N] [--days D]
    .venv/bin/python scripts/postgres_cluster.py -- \
        .venv/bin/python tests/benchmarks/bench_funnel.py --events 10000000 --days 120

Runs on a throwaway database (SQLite, or the PostgreSQL of DATABASE_URL): inserts
N synthetic events (seeded; visits walking down the funnel) spread over D days,
then measures building the daily rollups from scratch (issue 12's target: < 30 s
for a million), the quarter-hourly rebuild of today, the Funnel dashboard page over
90 days (rollups plus today's raw events; target < 300 ms), a product page's event
insert into the full table, and the nightly purge of the days past
FUNNEL_RETENTION_DAYS. Tracking's cost on a product page is measured on the demo
shop by ``bench_tracking.py``.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

STEPS = ["content_view", "list_view", "product_view", "basket_add", "checkout_start",
         "checkout_shipping_address", "checkout_shipping_method", "checkout_payment_method",
         "checkout_preview", "checkout_payment", "order_placed"]
KEEP = [1.0, 0.9, 0.8, 0.25, 0.5, 0.85, 0.95, 0.95, 0.9, 0.95, 0.97]
CHANNELS = ["direct", "search", "social", "email", "referral"]


def synthetic_events(count, days, now, products, seed=1):
    """``count`` event rows (dicts by attname): visits that walk down the funnel and
    stop at each step with the chance of a real shop's drop-off."""
    rng = random.Random(seed)
    total = 0
    while total < count:
        visitor, session = uuid.uuid4(), uuid.uuid4()
        channel = rng.choice(CHANNELS)
        when = now - timedelta(days=rng.random() * days)
        new_visitor = rng.random() < 0.6
        for step, chance in zip(STEPS, KEEP, strict=True):
            if rng.random() > chance or total >= count:
                break
            when += timedelta(seconds=rng.randint(5, 120))
            ordered = step == "order_placed"
            yield {"id": uuid.uuid4(), "type": step, "occurred_at": when,
                   "visitor_id": visitor, "session_id": session, "channel": channel,
                   "product_id": rng.choice(products) if step in (
                       "product_view", "basket_add") else None,
                   "value": 25 if ordered else None, "currency": "GBP" if ordered else "",
                   "data": {}, "new_visitor": new_visitor}
            total += 1


def insert(events, connection):
    """Load the rows: PostgreSQL's COPY, or SQLite's prepared INSERT."""
    from funnel.models import Event
    from shop.importer.bulk import insert_rows

    if connection.vendor != "postgresql":
        batch = []
        for event in events:
            batch.append(event)
            if len(batch) >= 20_000:
                insert_rows(Event, batch)
                batch = []
        insert_rows(Event, batch)
        return
    fields = [f for f in Event._meta.concrete_fields]
    columns = ", ".join(f.column for f in fields)
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY {Event._meta.db_table} ({columns}) FROM STDIN") as copy:
            for event in events:
                copy.write_row([
                    "{}" if f.attname == "data" else event.get(f.attname, f.get_default())
                    for f in fields])
    connection.connection.commit()
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Event._meta.db_table}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=90)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="bench-funnel-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work}/db.sqlite3")
    os.environ["WHOOSH_INDEX"] = f"{work}/index"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from funnel import conf as funnel_conf
    from funnel import rollups, tracker
    from funnel.loaders import Figures
    from funnel.models import DailyRollup, Event, EventType
    from tests.factories import make_product

    print(f"Database: {connection.vendor}. Migrating…", flush=True)
    call_command("migrate", verbosity=0)
    products = [make_product(f"Bench product {i}").pk for i in range(50)]

    now = timezone.now()
    print(f"Inserting {args.events:,} events over {args.days} days…", flush=True)
    started = time.perf_counter()
    insert(synthetic_events(args.events, args.days, now, products), connection)
    print(f"  inserted in {time.perf_counter() - started:.1f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size(%s)", [Event._meta.db_table])
            print(f"  event table with its indexes: {cursor.fetchone()[0] / 2**20:,.0f} MB")
    else:
        size = Path(connection.settings_dict["NAME"]).stat().st_size
        print(f"  database file: {size / 2**20:,.0f} MB")

    started = time.perf_counter()
    days, rows = rollups.build(now=now + timedelta(minutes=1))
    build_time = time.perf_counter() - started
    print(f"Rollups: {Event.objects.count():,} events -> {rows:,} rows over {days} days in "
          f"{build_time:.1f} s (target < 30 s)")

    staff = get_user_model().objects.create_superuser(
        "bench", "bench@example.com", "bench-pass-123")
    client = Client()
    client.force_login(staff)
    start = (now - timedelta(days=90)).date().isoformat()
    url = f"/dashboard/funnel/?start={start}&end={now.date().isoformat()}"
    timings = []
    for _ in range(7):
        t = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - t)
        assert response.status_code == 200
    print(f"Funnel report over 90 days (rollups + today's raw events): median "
          f"{statistics.median(timings) * 1000:.0f} ms (target < 300 ms)")
    live = []
    for _ in range(3):
        t = time.perf_counter()
        Figures().live()
        live.append(time.perf_counter() - t)
    print(f"  of which today's raw events rolled up live ({timezone.localtime():%H:%M}): "
          f"median {statistics.median(live) * 1000:.0f} ms")

    started = time.perf_counter()
    days, rows = rollups.build(now=now + timedelta(minutes=15))
    print(f"Quarter-hourly rebuild ({days} day, {rows:,} rows): "
          f"{time.perf_counter() - started:.2f} s")

    timings = []
    for _ in range(200):  # a product page's events: view, list, suggestion shown
        page = [{"type": t, "occurred_at": timezone.now(), "session_id": uuid.uuid4(),
                 "product_id": products[0], "channel": "direct"}
                for t in (EventType.PRODUCT_VIEW, EventType.RECOMMENDATION_SHOWN,
                          EventType.REVIEWS_READ)]
        t = time.perf_counter()
        assert tracker.write(page) == 3
        timings.append(time.perf_counter() - t)
    print(f"One page's events into the full table: median "
          f"{statistics.median(timings) * 1000:.2f} ms, p95 "
          f"{sorted(timings)[int(len(timings) * 0.95)] * 1000:.2f} ms")

    retention = funnel_conf.get("RETENTION_DAYS")
    before = Event.objects.count()
    kept_rollups = DailyRollup.objects.count()
    started = time.perf_counter()
    purged = rollups.purge(now=now + timedelta(minutes=15))
    print(f"Purge past {retention} days: {purged:,} of {before:,} events in "
          f"{time.perf_counter() - started:.1f} s (rollups kept: "
          f"{DailyRollup.objects.count() == kept_rollups})")


if __name__ == "__main__":
    main()
