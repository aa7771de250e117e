"""Funnel speed: rollups and the report over 1,000,000 events.

    make bench   (or: .venv/bin/python tests/benchmarks/bench_funnel.py [--events N])

Runs on a throwaway SQLite database: inserts N synthetic events (default one
million, seeded) spread over 90 days, then measures building the daily
rollups (target < 30 s) and the Funnel dashboard page over the period from the
rollups (target < 300 ms). Tracking's cost on a product page is measured on the
demo shop by ``bench_tracking.py``.
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="bench-funnel-")
    os.environ["DATABASE_URL"] = f"sqlite:///{work}/db.sqlite3"
    os.environ["WHOOSH_INDEX"] = f"{work}/index"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from funnel import rollups
    from funnel.models import Event, EventType
    from shop.importer.bulk import insert_rows
    from tests.factories import make_product

    print("Migrating…", flush=True)
    call_command("migrate", verbosity=0)
    products = [make_product(f"Bench product {i}").pk for i in range(50)]

    rng = random.Random(1)
    now = timezone.now()
    steps = [EventType.CONTENT_VIEW, EventType.LIST_VIEW, EventType.PRODUCT_VIEW,
             EventType.BASKET_ADD, EventType.CHECKOUT_START, EventType.SHIPPING_ADDRESS,
             EventType.SHIPPING_METHOD, EventType.PAYMENT_METHOD, EventType.PREVIEW,
             EventType.PAYMENT, EventType.ORDER_PLACED]
    keep = [1.0, 0.9, 0.8, 0.25, 0.5, 0.85, 0.95, 0.95, 0.9, 0.95, 0.97]
    channels = ["direct", "search", "social", "email", "referral"]
    print(f"Inserting {args.events:,} events…", flush=True)
    started = time.perf_counter()
    batch, total = [], 0
    while total < args.events:
        visitor, session = uuid.uuid4(), uuid.uuid4()
        channel = rng.choice(channels)
        when = now - timedelta(days=rng.random() * 90)
        for step, chance in zip(steps, keep, strict=True):
            if rng.random() > chance or total >= args.events:
                break
            when += timedelta(seconds=rng.randint(5, 120))
            batch.append({"id": uuid.uuid4(), "type": step, "occurred_at": when,
                          "visitor_id": visitor, "session_id": session, "channel": channel,
                          "product_id": rng.choice(products) if step in (
                              EventType.PRODUCT_VIEW, EventType.BASKET_ADD) else None,
                          "value": 25 if step == EventType.ORDER_PLACED else None,
                          "currency": "GBP" if step == EventType.ORDER_PLACED else "",
                          "data": {}, "new_visitor": rng.random() < 0.6})
            total += 1
        if len(batch) >= 20_000:
            insert_rows(Event, batch)
            batch = []
    insert_rows(Event, batch)
    print(f"  inserted in {time.perf_counter() - started:.1f} s", flush=True)

    started = time.perf_counter()
    days, rows = rollups.build(now=now + timedelta(minutes=1))
    build_time = time.perf_counter() - started
    print(f"Rollups: {Event.objects.count():,} events -> {rows:,} rows over {days} days in "
          f"{build_time:.1f} s (target < 30 s)")

    staff = django.contrib.auth.get_user_model().objects.create_superuser(
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
    print(f"Funnel report over 90 days from rollups: median "
          f"{statistics.median(timings) * 1000:.0f} ms (target < 300 ms)")


if __name__ == "__main__":
    main()
