"""The project's product cards carry the reviews plugin's stars and purchase counts."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_product, place_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def product():
    return make_product("Lantern")


def test_fresh_visitor_listing_shows_stars_and_counts(product, settings):
    from shop.importer.indexing import index_products

    settings.REVIEWS_PURCHASE_COUNT_MIN = 1
    place_order(product)
    index_products([product.pk])
    html = Client().get(reverse("catalogue:index")).content.decode()
    assert "1 bought in the past month" in html
