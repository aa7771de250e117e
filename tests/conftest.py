import csv
import gzip
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUNDLED_EXTRACT = REPO / "data" / "online_retail_2011q1.csv.gz"
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
