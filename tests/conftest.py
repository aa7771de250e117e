import csv
import gzip
import os
import re
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

REPO = Path(__file__).resolve().parent.parent
BUNDLED_EXTRACT = REPO / "data" / "online_retail_2011q1.csv.gz"
LONDON = ZoneInfo("Europe/London")  # the shop's TIME_ZONE, and the standalone runs'
HEADER = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice",
          "CustomerID", "Country"]


@pytest.fixture
def write_retail_csv(tmp_path):
    """Write Online Retail rows (lists in column order) to a CSV; return its path."""

    def write(rows, name="retail.csv", header=HEADER):
        path = tmp_path / name
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "wt", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        return path

    return write


@pytest.fixture(autouse=True)
def empty_search_index():
    """Each test starts with an empty search index, as with an empty database:
    products indexed by an earlier test's rolled-back rows would show as ghosts."""
    from haystack import connections

    connections["default"].get_backend().clear()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as its database starts empty: counters
    and cached figures of an earlier test's rolled-back rows would leak into it."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    # The Sites framework keeps its own copy of the current Site, per process.
    from django.contrib.sites.models import Site

    Site.objects.clear_cache()


def pytest_configure(config):
    clock = os.environ.get("TEST_CLOCK")
    if clock and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", clock):
        raise pytest.UsageError(f"TEST_CLOCK={clock!r}: give a time of day as HH:MM")


@pytest.fixture(autouse=True)
def clock():
    """With ``TEST_CLOCK=HH:MM`` every test starts at that time of today in London and
    its clock ticks on from there (``make test`` runs the SQLite pass at 23:58, so a
    test that assumes "a few minutes later is the same day" fails every time, not
    only when run before midnight). The start, or None on the real clock."""
    if not os.environ.get("TEST_CLOCK"):
        yield None
        return
    hours, minutes = map(int, os.environ["TEST_CLOCK"].split(":"))
    start = datetime.combine(datetime.now(LONDON).date(), time(hours, minutes), tzinfo=LONDON)
    with time_machine.travel(start, tick=True):
        yield start
