"""The whole product page against Oscar's stock page: what each feature costs."""

import pytest
from django.db import connection
from django.db.models import prefetch_related_objects
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from oscar.apps.partner.strategy import Default
from oscar.core.loading import get_model

from funnel import tracker
from recommendations import services as recommendation_services
from tests.factories import make_product, place_order

ProductReview = get_model("reviews", "ProductReview")
ProductQuestion = get_model("reviews", "ProductQuestion")
ProductAnswer = get_model("reviews", "ProductAnswer")

pytestmark = pytest.mark.django_db


def queries(callable_, sql=None):
    with CaptureQueriesContext(connection) as captured:
        result = callable_()
    if sql is not None:
        sql.extend(q["sql"] for q in captured)
    return len(captured), result


def stock_record_reads(sql):
    return sum(s.startswith("SELECT") and 'FROM "partner_stockrecord"' in s for s in sql)


@pytest.fixture
def busy_product(settings, django_user_model):
    """A product with complements, reviews by buyers, a question and purchases."""
    settings.RECOMMENDATIONS_MIN_SUPPORT = 1
    lamp = make_product("Lamp")
    others = [make_product(name) for name in ("Bulb", "Shade", "Cable")]
    buyers = [django_user_model.objects.create_user(f"b{i}", f"b{i}@example.com", "pw",
                                                    first_name=f"Buyer{i}", last_name="X")
              for i in range(6)]
    for buyer in buyers:
        place_order(lamp, *others, user=buyer)
    for score, buyer in zip((5, 4, 5, 3), buyers, strict=False):
        ProductReview.objects.create(product=lamp, user=buyer, score=score, title="Good",
                                     body="Does the job well.", is_verified=True)
    question = ProductQuestion.objects.create(product=lamp, user=buyers[5], text="Is it bright?")
    ProductAnswer.objects.create(question=question, user=buyers[0], text="Very.",
                                 by_verified_buyer=True)
    recommendation_services.rebuild()
    return lamp


def test_product_page_query_budget(busy_product, settings):
    url = busy_product.get_absolute_url()
    Client().get(url)  # warm shared caches
    our_sql, stock_sql = [], []
    ours, response = queries(lambda: Client().get(url), our_sql)
    html = response.content.decode()
    assert "Frequently bought together" in html and "6 bought in the past month" in html
    assert "Verified purchase" in html and "Is it bright?" in html

    request = RequestFactory().get(url)
    request.strategy = Default()
    # The page has loaded the product's stock records (``read_stock_once``) by then:
    # the bundle prices the product from them.
    prefetch_related_objects([busy_product], "stockrecords")
    token = tracker.activate(tracker.Tracker())  # as in a request: events wait for the end
    try:
        block, _ = queries(lambda: Template(
            "{% load recommendation_tags %}{% bought_together p %}").render(
            Context({"request": request, "p": busy_product})))
    finally:
        tracker.deactivate(token)

    settings.TEMPLATES = [dict(t, DIRS=[]) for t in settings.TEMPLATES]  # Oscar's own page
    stock, response = queries(lambda: Client().get(url), stock_sql)
    assert "Frequently bought together" not in response.content.decode()

    assert block == 0, "bought together, once cached: no query, stock records included"
    # Oscar's page reads the product's stock records for the price, the basket form and
    # the product information; ours once for those and the JSON-LD offer.
    assert stock_record_reads(stock_sql) >= 3 and stock_record_reads(our_sql) == 1
    # Reviews, counts and questions come from the cache: the whole page, tracking
    # included, runs no more queries than Oscar's own.
    assert ours <= stock
