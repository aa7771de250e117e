"""What shoppers see: product and basket suggestions, the add-all button."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from oscar.apps.partner.strategy import Default
from oscar.core.loading import get_model

from funnel import tracker
from recommendations import selectors, services
from recommendations.models import ComplementOverride
from tests.factories import make_product, place_order

ProductRecommendation = get_model("catalogue", "ProductRecommendation")
Order = get_model("order", "Order")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def shop(settings):
    settings.RECOMMENDATIONS_MIN_SUPPORT = 1
    names = ["lamp", "bulb", "shade", "cable", "mug", "tea"]
    shop = {n: make_product(n.title(), category="Home & Living > Candles & Lighting")
            for n in names[:4]}
    shop.update({n: make_product(n.title(), category="Kitchen & Dining > Tableware")
                 for n in names[4:]})
    for _ in range(3):
        place_order(shop["lamp"], shop["bulb"])
    place_order(shop["lamp"], shop["bulb"], shop["shade"])
    place_order(shop["lamp"], shop["shade"], shop["cable"])
    place_order(shop["mug"], shop["tea"])
    services.rebuild()
    return shop


def titles(suggestions):
    return [s.product.title for s in suggestions]


def test_product_suggestions_follow_the_score(shop):
    suggestions = selectors.for_product(shop["lamp"], Default())
    assert titles(suggestions) == ["Bulb", "Shade", "Cable"]
    assert {s.source for s in suggestions} == {"mined"}
    assert suggestions.total == sum(s.price.incl_tax for s in suggestions)


def test_manual_entries_rank_first_then_pins_and_blocks_hide(shop):
    ProductRecommendation.objects.create(primary=shop["lamp"], recommendation=shop["tea"],
                                         ranking=1)
    ComplementOverride.objects.create(product=shop["lamp"], complement=shop["mug"],
                                      action=ComplementOverride.PIN)
    ComplementOverride.objects.create(product=shop["lamp"], complement=shop["bulb"],
                                      action=ComplementOverride.BLOCK)
    suggestions = selectors.for_product(shop["lamp"], Default(), limit=4)
    assert titles(suggestions) == ["Tea", "Mug", "Shade", "Cable"]
    assert [s.source for s in suggestions] == ["manual", "pinned", "mined", "mined"]


def test_products_out_of_stock_are_never_suggested(shop):
    record = shop["bulb"].stockrecords.get()
    record.num_in_stock = 0
    record.save()
    assert "Bulb" not in titles(selectors.for_product(shop["lamp"], Default()))


def test_no_evidence_falls_back_to_category_best_sellers_then_the_shop(shop):
    lonely = make_product("Lonely Candle", category="Home & Living > Candles & Lighting")
    suggestions = selectors.for_product(lonely, Default())
    assert len(suggestions) == 3
    assert {s.source for s in suggestions} == {"best_seller"}
    assert titles(suggestions) == ["Lamp", "Bulb", "Shade"]  # by orders in the category


def test_the_block_is_never_empty_in_a_shop_with_stock(settings):
    settings.RECOMMENDATIONS_MIN_SUPPORT = 1
    first = make_product("First")
    make_product("Second")
    old = place_order(first, make_product("Third"))
    Order.objects.filter(pk=old.pk).update(date_placed=timezone.now() - timedelta(days=400))
    suggestions = selectors.for_product(first, Default())
    assert titles(suggestions) and "First" not in titles(suggestions)


def test_basket_suggestions_sum_scores_over_lines(shop):
    basket = place_order.__globals__["factories"].create_basket(empty=True)
    basket.add_product(shop["lamp"])
    basket.add_product(shop["shade"])
    suggestions = selectors.for_basket(basket, Default(), limit=2)
    # Bulb goes with lamp 4 times and shade once; cable with each once.
    assert titles(suggestions) == ["Bulb", "Cable"]
    assert "Lamp" not in titles(suggestions) and "Shade" not in titles(suggestions)


def test_the_product_block_adds_at_most_two_queries(shop, django_assert_max_num_queries):
    request = RequestFactory().get("/")
    request.strategy = Default()
    product = type(shop["lamp"]).objects.get(pk=shop["lamp"].pk)
    template = Template("{% load recommendation_tags %}{% bought_together product %}")
    token = tracker.activate(tracker.Tracker())  # as in a request: events wait for the end
    try:
        with django_assert_max_num_queries(2):
            html = template.render(Context({"request": request, "product": product}))
    finally:
        tracker.deactivate(token)
    assert html.count('class="d-flex justify-content-between border-bottom py-2 suggestion"') == 3


def test_product_and_basket_pages_show_the_blocks(shop, client):
    page = client.get(shop["lamp"].get_absolute_url())
    assert b"Frequently bought together" in page.content
    assert b"Bulb" in page.content
    client.post(reverse("basket:add", kwargs={"pk": shop["lamp"].pk}), {"quantity": 1})
    basket = client.get(reverse("basket:summary"))
    assert b"Complete your order" in basket.content


def test_add_all_puts_every_suggestion_in_the_basket(shop, client):
    ids = [shop["bulb"].pk, shop["shade"].pk, shop["cable"].pk]
    response = client.post(reverse("recommendations:add-all"), {
        "products": ids, "source": "bought_together", "product": shop["lamp"].pk,
        "next": shop["lamp"].get_absolute_url()}, follow=True)
    assert response.redirect_chain[-1][0] == shop["lamp"].get_absolute_url()
    basket = response.wsgi_request.basket
    assert sorted(line.product_id for line in basket.all_lines()) == sorted(ids)
    assert "Added to your basket: Bulb, Shade, Cable." in [
        str(m) for m in response.context["messages"]]


def test_add_all_refuses_what_cannot_be_bought_and_says_why(shop, client):
    record = shop["cable"].stockrecords.get()
    record.num_in_stock = 0
    record.save()
    response = client.post(reverse("recommendations:add-all"), {
        "products": [shop["bulb"].pk, shop["cable"].pk], "source": "complete_order"},
        follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert "Added to your basket: Bulb." in messages
    assert any(m.startswith("Not added: Cable:") for m in messages)
    assert [line.product_id for line in response.wsgi_request.basket.all_lines()] == [
        shop["bulb"].pk]


@pytest.mark.parametrize("data, error", [
    ({"source": "bought_together"}, "Choose at least one product to add."),
    ({"products": [999999], "source": "bought_together"}, "no longer for sale"),
    ({"products": [1], "source": "spam"}, "Select a valid choice"),
])
def test_add_all_rejects_bad_input_with_a_message(shop, client, data, error):
    response = client.post(reverse("recommendations:add-all"), data, follow=True)
    assert any(error in str(m) for m in response.context["messages"])
    assert response.wsgi_request.basket.num_lines == 0


def test_add_all_never_redirects_off_site(shop, client):
    response = client.post(reverse("recommendations:add-all"), {
        "products": [shop["bulb"].pk], "source": "bought_together",
        "next": "https://evil.example/"})
    assert response["Location"] == reverse("basket:summary")

