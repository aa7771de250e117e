"""Listings sort by what shoppers ask for, and filter by what they understand."""

import re
import warnings
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from haystack import connections
from oscar.core.loading import get_model

from tests.factories import make_product, place_order

Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")
RatingSummary = get_model("reviews", "RatingSummary")

pytestmark = pytest.mark.django_db


def index(*products):
    connections["default"].get_backend().update(
        connections["default"].get_unified_index().get_index(Product),
        Product.objects.filter(pk__in=[p.pk for p in products]))


def listed(client, sort_by, **params):
    html = client.get(reverse("catalogue:index"), {"sort_by": sort_by, **params}).content
    return re.findall(r'<h3[^>]*>\s*<a [^>]*title="([^"]+)"', html.decode())


def review(product, user, score):
    ProductReview.objects.create(product=product, user=user, score=score, title="t",
                                 body="b", status=ProductReview.APPROVED)


@pytest.fixture
def shoppers(django_user_model):
    return [django_user_model.objects.create_user(f"u{i}", f"u{i}@example.com", "pw")
            for i in range(6)]


def test_customer_rating_ranks_by_bayesian_average_with_unrated_last(client, shoppers):
    unrated = make_product("Aardvark Unrated")  # first by title, first in Oscar's sort
    loved = make_product("Loved Lamp")          # five 5-star reviews
    lucky = make_product("Lucky Lamp")          # one 5-star review
    poor = make_product("Poor Lamp")            # two 2-star reviews
    for user in shoppers[:5]:
        review(loved, user, 5)
    review(lucky, shoppers[0], 5)
    for user in shoppers[:2]:
        review(poor, user, 2)
    index(unrated, loved, lucky, poor)

    rated = sorted(RatingSummary.objects.filter(count__gt=0), key=lambda s: -s.bayesian)
    assert [s.product for s in rated] == [loved, lucky, poor]  # many good beat one perfect
    assert listed(client, "rating") == ["Loved Lamp", "Lucky Lamp", "Poor Lamp",
                                        "Aardvark Unrated"]


def test_best_selling_counts_the_last_30_days_and_follows_the_clock(client):
    often, once, long_ago = (make_product(t) for t in ("Often Sold", "Once Sold", "Long Ago"))
    for _ in range(3):
        place_order(often)
    place_order(once)
    for _ in range(5):
        old = place_order(long_ago)
        Order.objects.filter(pk=old.pk).update(date_placed=timezone.now() - timedelta(days=31))
    index(often, once, long_ago)
    assert listed(client, "best-selling")[:2] == ["Often Sold", "Once Sold"]

    # Orders placed after indexing move the rank once the hourly job has run.
    for _ in range(4):
        place_order(long_ago)
    assert listed(client, "best-selling")[0] == "Often Sold"
    call_command("refresh_search_ranks", stdout=open("/dev/null", "w"))
    assert listed(client, "best-selling") == ["Long Ago", "Often Sold", "Once Sold"]


def test_the_sort_menu_offers_best_selling_and_customer_rating(client):
    index(make_product("Lamp"))
    html = client.get(reverse("catalogue:index")).content.decode()
    assert '<option value="best-selling">Best selling</option>' in html
    assert '<option value="rating">Customer rating</option>' in html


def test_ratings_facet_reads_as_stars_and_a_single_value_is_no_choice(client, shoppers):
    products = [make_product(f"{wood} Lamp") for wood in ("Amber", "Birch", "Cedar", "Dune")]
    review(products[0], shoppers[0], 5)
    review(products[1], shoppers[0], 4)
    review(products[2], shoppers[1], 4)
    index(*products)
    html = client.get(reverse("catalogue:index")).content.decode()
    facets = html[html.index('<dl class="facet">'):]
    assert "Customer rating" in facets
    # Best first, as stars, with counts; the unrated product makes no "None" choice.
    stars = re.findall(r'selected_facets=rating%3A(\d)[^>]*>.*?<span class="sr-only">'
                       r'(\d) stars? average</span>\s*</a>\s*<span class="text-muted">\((\d+)\)',
                       facets, re.S)
    assert stars == [("5", "5", "1"), ("4", "4", "2")]
    assert "None" not in facets
    # A facet whose products all share one value filters nothing: not shown.
    only_fives = client.get(reverse("catalogue:index"), {"q": "Amber"}).content.decode()
    assert "Amber Lamp" in only_fives and "Birch Lamp" not in only_fives
    assert "<dl class=\"facet\">" not in only_fives

    narrowed = client.get(reverse("catalogue:index"), {"selected_facets": "rating:4"})
    titles = re.findall(r'<h3[^>]*>\s*<a [^>]*title="([^"]+)"', narrowed.content.decode())
    assert sorted(titles) == ["Birch Lamp", "Cedar Lamp"]


def test_a_search_prints_no_warning(client):
    index(make_product("Storm Lantern"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        response = client.get(reverse("search:search"), {"q": "lantern"})
    assert "Storm Lantern" in response.content.decode()
    assert [str(w.message) for w in caught] == []
