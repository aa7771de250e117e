"""Tracking's share of a product view, and its writes, on the demo shop's best seller.

    make bench   (or: .venv/bin/python tests/benchmarks/bench_tracking.py DB_PATH [INDEX])

Runs on a copy of a demo database (``make bench`` builds one in ``var/bench/``).
The best seller's page (reviews, "frequently bought together", guide links) is
requested by a new anonymous visitor each time (the worst case: two new
cookies to sign), then by one visitor mid-visit, alternately with tracking on (the
shop's middleware) and off (the same chain with ``NoTracking`` in the funnel's
place: every event a receiver records is dropped, as for a crawler), in one
process so machine noise hits both alike. Prints both medians, tracking's share
of the page's time (target: at most 5%) and the statements tracking writes per
request (target: one).
"""

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
FUNNEL = "funnel.middleware.FunnelMiddleware"
NO_TRACKING = "tests.benchmarks.bench_tracking.NoTracking"
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Firefox/128.0"}


class NoTracking:
    """The funnel middleware's place in the chain, recording nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from funnel import tracker

        token = tracker.activate(tracker.Untracked(private=True))
        try:
            return self.get_response(request)
        finally:
            tracker.deactivate(token)


def copy_database(source, target):
    """A consistent copy (WAL included) through SQLite's backup API."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    src.backup(dst)
    dst.close()
    src.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("database", nargs="?", default=str(REPO / "var/bench/db.sqlite3"))
    parser.add_argument("index", nargs="?", default=str(REPO / "var/bench/whoosh_index"))
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    if not Path(args.database).exists():
        sys.exit(f"No demo database at {args.database}: run tests/benchmarks/demo_db.sh")
    work = Path(tempfile.mkdtemp(prefix="bench-tracking-"))
    copy_database(args.database, work / "db.sqlite3")
    shutil.copytree(args.index, work / "index")
    os.environ.update(DATABASE_URL=f"sqlite:///{work}/db.sqlite3", WHOOSH_INDEX=str(work / "index"),
                      DEBUG="0", DJANGO_SETTINGS_MODULE="shop.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from oscar.core.loading import get_model

    Line = get_model("order", "Line")
    Product = get_model("catalogue", "Product")
    best = (Line.objects.filter(product__isnull=False).values("product")
            .annotate(n=Count("order", distinct=True)).order_by("-n", "product")[0])
    url = Product.objects.get(pk=best["product"]).get_absolute_url()

    def client(middleware):
        made = Client(**BROWSER)
        with override_settings(MIDDLEWARE=middleware):
            made.get(url)  # the handler loads its middleware chain now, and keeps it
        return made

    tracked = client(settings.MIDDLEWARE)
    untracked = client([NO_TRACKING if m == FUNNEL else m for m in settings.MIDDLEWARE])

    def timed(visitor, fresh):
        if fresh:  # a new anonymous visitor: new visitor and session ids, two cookies
            visitor.cookies.clear()
        start = time.perf_counter()
        response = visitor.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200
        return elapsed

    shares = {}
    for fresh in (True, False):
        on, off = [], []
        for _ in range(args.rounds):
            for _ in range(args.requests):
                on.append(timed(tracked, fresh))
                off.append(timed(untracked, fresh))
        shares[fresh] = statistics.median(on) * 1000, statistics.median(off) * 1000, len(on)

    tracked.cookies.clear()
    with CaptureQueriesContext(connection) as tracked_sql:
        tracked.get(url)
    untracked.cookies.clear()
    with CaptureQueriesContext(connection) as untracked_sql:
        untracked.get(url)
    writes = [q["sql"] for q in tracked_sql if q["sql"].split()[0] in ("INSERT", "UPDATE",
                                                                       "DELETE")]
    by_tracking = [w for w in writes if '"funnel_' in w]
    print(f"Tracking on the best seller's page ({url}), requests interleaved with and "
          "without:")
    for fresh, (on_ms, off_ms, n) in shares.items():
        who = "a new visitor each" if fresh else "one visitor, mid-visit,"
        print(f"  {who} ({n} each way): {on_ms:.2f} ms with tracking, {off_ms:.2f} ms "
              f"without: tracking is {(on_ms - off_ms) / on_ms * 100:.1f}% of the page's "
              "time (target <= 5%)")
    print(f"  statements: {len(tracked_sql)} with tracking, {len(untracked_sql)} without; "
          f"tracking writes {len(by_tracking)} statement(s) per request (target: 1), "
          f"the page {len(writes)} in all (Oscar's view counter included)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
