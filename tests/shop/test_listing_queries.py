"""Listings load a page of products in bulk: the same queries for 3 products or 20."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.apps.search import facets
from oscar.core.loading import get_class

from shop.importer.indexing import index_products
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def listed(url):
    """(queries, product titles in page order) for a fresh visitor."""
    Client().get(url)  # warm the caches a first visitor fills
    with CaptureQueriesContext(connection) as queries:
        html = Client().get(url).content.decode()
    return len(queries), re.findall(r'<h3 class="card-title"><a href="[^"]+" title="([^"]+)"', html)


@pytest.mark.parametrize("url", [reverse("catalogue:index"),
                                 reverse("catalogue:index") + "?sort_by=title-asc",
                                 reverse("search:search") + "?q=lamp"])
def test_a_page_of_twenty_costs_what_a_page_of_three_does(url):
    first = [make_product(f"Lamp {n:02}", category="Lighting") for n in range(3)]
    index_products([p.pk for p in first])
    few, titles = listed(url)
    assert sorted(titles) == ["Lamp 00", "Lamp 01", "Lamp 02"]
    more = [make_product(f"Lamp {n:02}", category="Lighting") for n in range(3, 20)]
    index_products([p.pk for p in more])
    many, titles = listed(url)
    assert len(titles) == 20
    assert many == few


def test_results_keep_the_search_order():
    products = [make_product(title) for title in ("Cedar box", "Ash tray", "Birch bowl")]
    index_products([p.pk for p in products])
    _, titles = listed(reverse("catalogue:index") + "?sort_by=title-asc")
    assert titles == ["Ash tray", "Birch bowl", "Cedar box"]


def test_the_fork_loads_in_bulk_and_trims_oscars_facets():
    base_sqs = get_class("search.facets", "base_sqs")
    assert base_sqs.__module__ == "shop.search.facets"
    assert base_sqs()._load_all
    munger = get_class("search.facets", "FacetMunger")
    assert munger.__module__ == "shop.search.facets"
    assert issubclass(munger, facets.FacetMunger)  # Oscar's, trimmed
