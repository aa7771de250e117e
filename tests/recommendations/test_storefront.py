"""What shoppers see: product and basket suggestions, the add-all button."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.cache import cache
from django.http import QueryDict
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from oscar.apps.partner.strategy import Default
from oscar.core.loading import get_model

from recommendations import selectors, services, showing
from recommendations.forms import AddSuggestionsForm
from recommendations.models import ComplementOverride
from recommendations.signals import suggestions_shown
from tests.factories import make_product, place_order

ProductRecommendation = get_model("catalogue", "ProductRecommendation")
Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def shop(settings):
    settings.RECOMMENDATIONS_MIN_SUPPORT = 1
    settings.RECOMMENDATIONS_PRODUCT_PAGE_ITEMS = 3
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


@pytest.fixture
def shown():
    """What ``suggestions_shown`` listeners hear."""
    heard = []

    def listen(sender, signal, **kwargs):
        heard.append(kwargs)

    suggestions_shown.connect(listen, dispatch_uid="test-shown")
    yield heard
    suggestions_shown.disconnect(dispatch_uid="test-shown")


@contextmanager
def as_in_a_request():
    """The funnel, where installed, writes what it heard after the response, not now."""
    if not apps.is_installed("funnel"):
        yield
        return
    from funnel import tracker

    token = tracker.activate(tracker.Tracker())
    try:
        yield
    finally:
        tracker.deactivate(token)


def titles(suggestions):
    return [s.product.title for s in suggestions]


def new_basket(*products):
    basket = place_order.__globals__["factories"].create_basket(empty=True)
    for product in products:
        basket.add_product(product)
    return basket


def test_product_suggestions_follow_the_score(shop):
    suggestions = selectors.for_product(shop["lamp"], Default())
    assert titles(suggestions) == ["Bulb", "Shade", "Cable"]
    assert {s.source for s in suggestions} == {"mined"}


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


def test_a_product_blocked_for_one_line_still_comes_through_another(shop):
    ComplementOverride.objects.create(product=shop["lamp"], complement=shop["tea"],
                                      action=ComplementOverride.BLOCK)
    ComplementOverride.objects.create(product=shop["lamp"], complement=shop["bulb"],
                                      action=ComplementOverride.BLOCK)
    basket = new_basket(shop["lamp"], shop["mug"])
    suggestions = selectors.for_basket(basket, Default(), limit=6)
    by_title = {s.product.title: s.source for s in suggestions}
    assert by_title["Tea"] == "mined"  # blocked for the lamp, bought with the mug
    assert "Bulb" not in by_title  # blocked for the lamp, nothing else puts it forward...
    assert len(suggestions) == 3  # ...and no best seller brings it back
    assert not {"Lamp", "Mug"} & set(by_title)
    ComplementOverride.objects.create(product=shop["mug"], complement=shop["bulb"],
                                      action=ComplementOverride.PIN)
    suggestions = selectors.for_basket(basket, Default(), limit=6)
    assert titles(suggestions)[0] == "Bulb" and suggestions.items[0].source == "pinned"


def test_basket_suggestions_cost_no_query_once_cached(shop, django_assert_num_queries):
    basket = new_basket(shop["lamp"], shop["shade"])
    list(basket.all_lines())  # the basket page has loaded its lines already
    assert titles(selectors.for_basket(basket, Default(), limit=2)) == ["Bulb", "Cable"]
    with django_assert_num_queries(0):  # cached with their stock records
        assert titles(selectors.for_basket(basket, Default(), limit=2)) == ["Bulb", "Cable"]


def test_complement_ids_follow_the_product_rule_without_fallback(
        shop, django_assert_num_queries):
    ProductRecommendation.objects.create(primary=shop["lamp"], recommendation=shop["tea"],
                                         ranking=1)
    ProductRecommendation.objects.create(primary=shop["lamp"], recommendation=shop["cable"],
                                         ranking=5)
    ComplementOverride.objects.create(product=shop["lamp"], complement=shop["mug"],
                                      action=ComplementOverride.PIN)
    ComplementOverride.objects.create(product=shop["lamp"], complement=shop["bulb"],
                                      action=ComplementOverride.BLOCK)
    lonely = make_product("Lonely Candle", category="Home & Living > Candles & Lighting")
    ids = [p.pk for p in shop.values()] + [lonely.pk]
    with django_assert_num_queries(1):
        complements = selectors.complement_ids(ids)
    names = {p.pk: p.title for p in shop.values()}
    assert [names[pk] for pk in complements[shop["lamp"].pk]] == ["Cable", "Tea", "Mug",
                                                                   "Shade"]
    assert complements[lonely.pk] == []  # no best sellers claimed as bought together
    for product in shop.values():
        expected = [s.product.pk for s in selectors.for_product(product, Default(), limit=9)
                    if s.source != "best_seller"]
        assert complements[product.pk] == expected


def test_showing_a_product_block_announces_it(shop, shown):
    request = RequestFactory().get("/")
    request.strategy = Default()
    suggestions = showing.show_for_product(request, shop["lamp"])
    assert titles(suggestions) == ["Bulb", "Shade", "Cable"]
    assert shown == [{"request": request, "products": [s.product for s in suggestions],
                      "source": "bought_together", "product": shop["lamp"],
                      "anchors": [shop["lamp"].pk] * 3, "arm": None}]


def test_showing_the_basket_block_announces_it_unless_empty(shop, shown):
    request = RequestFactory().get("/")
    request.strategy = Default()
    request.basket = new_basket()
    assert len(showing.show_for_basket(request)) == 0 and shown == []
    request.basket = new_basket(shop["mug"])
    suggestions = showing.show_for_basket(request)
    assert titles(suggestions)[0] == "Tea"
    assert shown == [{"request": request, "products": [s.product for s in suggestions],
                      "source": "complete_order", "product": None,
                      "anchors": [s.anchor for s in suggestions], "arm": None}]
    assert suggestions.items[0].anchor == shop["mug"].pk  # tea: bought with the mug


def test_the_product_block_adds_no_query_once_cached(shop, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.strategy = Default()
    # As on the product page, which loads the product's stock records once for all.
    product = type(shop["lamp"]).objects.prefetch_related("stockrecords").get(
        pk=shop["lamp"].pk)
    template = Template("{% load recommendation_tags %}{% bought_together product %}")
    with as_in_a_request():
        template.render(Context({"request": request, "product": product}))  # cache warmed
    with as_in_a_request(), django_assert_num_queries(0):
        html = template.render(Context({"request": request, "product": product}))
    assert html.count('class="bundle-item"') == 3  # the complements; the lamp leads
    assert html.count('class="bundle-item bundle-lead"') == 1


def test_product_and_basket_pages_show_the_blocks(shop, client):
    page = client.get(shop["lamp"].get_absolute_url())
    assert b"Frequently bought together" in page.content
    assert b"Bulb" in page.content
    client.post(reverse("basket:add", kwargs={"pk": shop["lamp"].pk}), {"quantity": 1})
    basket = client.get(reverse("basket:summary"))
    assert b"Complete your order" in basket.content


def test_a_post_with_a_thousand_products_is_refused_before_any_work(shop):
    """Django's default field limit, not a raised one: the request is a plain 400."""
    response = Client(raise_request_exception=False).post(reverse("recommendations:add-all"), {
        "products": [str(i) for i in range(1001)], "source": "bought_together"})
    assert response.status_code == 400
    assert not Basket.objects.filter(status=Basket.OPEN, lines__isnull=False).exists()


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
        "products": [shop["bulb"].pk, shop["cable"].pk], "source": "bought_together",
        "product": shop["lamp"].pk}, follow=True)
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



def test_add_all_takes_the_projects_extra_sources_only(shop, client, settings):
    data = {"products": [shop["bulb"].pk], "source": "guide_bundle"}
    settings.RECOMMENDATIONS_EXTRA_SOURCES = ()  # the default: a shop without guides
    response = client.post(reverse("recommendations:add-all"), data, follow=True)
    assert any("Select a valid choice" in str(m) for m in response.context["messages"])
    assert response.wsgi_request.basket.num_lines == 0
    settings.RECOMMENDATIONS_EXTRA_SOURCES = [("guide_bundle", "A guide's bundle", 3)]
    response = client.post(reverse("recommendations:add-all"), data, follow=True)
    assert "Added to your basket: Bulb." in [str(m) for m in response.context["messages"]]


def test_each_block_adds_at_most_its_own_size_before_any_query(
        shop, client, settings, django_assert_num_queries):
    """A bundle posts the product and its complements; the basket's list one at a time."""
    settings.RECOMMENDATIONS_PRODUCT_PAGE_ITEMS = 2
    settings.RECOMMENDATIONS_EXTRA_SOURCES = [("guide_bundle", "A guide's bundle", 4)]
    ids = [shop[name].pk for name in ("lamp", "bulb", "shade", "cable", "mug", "tea")]
    for source, most in (("bought_together", 3), ("complete_order", 1), ("guide_bundle", 4),
                         ("spam", 1)):
        data = QueryDict(mutable=True)
        data.setlist("products", [str(pk) for pk in ids[:most + 1]])
        data["source"] = source
        form = AddSuggestionsForm(data)
        with django_assert_num_queries(0):
            assert not form.is_valid()
        plural = "product" if most == 1 else "products"
        assert form.errors["products"] == [f"Add at most {most} {plural} at once from here."]
    response = client.post(reverse("recommendations:add-all"), {
        "products": ids[:4], "source": "bought_together", "product": shop["lamp"].pk},
        follow=True)
    assert "Add at most 3 products at once from here." in [
        str(m) for m in response.context["messages"]]
    assert response.wsgi_request.basket.num_lines == 0
    response = client.post(reverse("recommendations:add-all"), {
        "products": ids[:3], "source": "bought_together", "product": shop["lamp"].pk},
        follow=True)
    assert response.wsgi_request.basket.num_lines == 3
