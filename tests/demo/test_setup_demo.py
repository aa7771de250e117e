"""``make demo`` runs ``setup_demo`` on every start: the second run adds nothing."""

import csv
import gzip

import pytest
from django.core.management import call_command
from oscar.core.loading import get_model

from funnel.models import Event
from recommendations.models import ProductComplement
from shop.content.models import GuidePage
from shop.newsletter.models import NewsletterIssue
from tests.conftest import BUNDLED_EXTRACT

Order = get_model("order", "Order")
Line = get_model("order", "Line")
Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")
pytestmark = pytest.mark.django_db


def shop_contents():
    return {model.__name__: model.objects.count() for model in (
        Order, Line, Product, ProductReview, ProductComplement, GuidePage, NewsletterIssue,
        Event)}


def test_a_second_setup_imports_nothing_and_adds_nothing(write_retail_csv, capsys):
    with gzip.open(BUNDLED_EXTRACT, "rt", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:3001]
    data = write_retail_csv(rows)

    call_command("setup_demo", "--data", str(data), "--visits", "30")
    first = shop_contents()
    assert "Importing the bundled order history" in capsys.readouterr().out
    assert first["Order"] > 50 and first["Product"] > 100
    assert all(first.values()), first  # every step left something

    call_command("setup_demo", "--data", str(data), "--visits", "30")
    out = capsys.readouterr().out
    assert "Order history already imported; skipping the import." in out
    assert "Importing" not in out and "Simulating 30 days" not in out
    assert shop_contents() == first
