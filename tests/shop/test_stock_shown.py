"""Stock is said the way shops say it: "In stock", or "Only N left" when few remain;
never a well-stocked product's exact count."""

import re

import pytest
from django.test import Client
from oscar.core.loading import get_class

from tests.factories import make_product

pytestmark = pytest.mark.django_db
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"}


@pytest.mark.parametrize("stock, shown, hidden", [
    (5541, "In stock", "5541 available"), (5, "Only 5 left", "5 available"),
    (1, "Only 1 left", None),
])
def test_the_product_page_and_the_basket_say_it_plainly(stock, shown, hidden, settings):
    settings.SHOP_LOW_STOCK_THRESHOLD = 5
    lantern = make_product("Storm Lantern", "12.00", stock=stock)
    client = Client()
    page = client.get(lantern.get_absolute_url(), **BROWSER).content.decode()
    assert shown in page
    client.post(f"/basket/add/{lantern.pk}/", {"quantity": 1}, **BROWSER)
    basket = client.get("/basket/", **BROWSER).content.decode()
    assert shown in basket
    for html in (page, basket):
        assert "available)" not in html and (hidden is None or hidden not in html)


def test_the_strategy_is_the_shops():
    strategy = get_class("partner.strategy", "Selector")().strategy()
    assert type(strategy).__module__ == "shop.partner.strategy"


@pytest.mark.parametrize("stock, box_max, refusal", [
    (5541, None, "We do not have that many in stock"), (5, "5", "Only 5 left")])
def test_the_basket_keeps_a_large_stock_count_to_itself(stock, box_max, refusal, settings):
    settings.SHOP_LOW_STOCK_THRESHOLD = 5
    settings.OSCAR_MAX_BASKET_QUANTITY_THRESHOLD = None
    lantern = make_product("Storm Lantern", "12.00", stock=stock)
    client = Client()
    client.post(f"/basket/add/{lantern.pk}/", {"quantity": 1}, **BROWSER)
    basket = client.get("/basket/", **BROWSER)
    html = basket.content.decode()
    box = re.search(r'<input[^>]*name="form-0-quantity"[^>]*>', html).group(0)
    assert re.search(r'max="(\d+)"', box) is None if box_max is None else (
        f'max="{box_max}"' in box)
    assert str(stock) not in box or box_max is not None

    formset = basket.context["formset"]
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000", "form-0-id": str(formset.forms[0].instance.id),
            "form-0-quantity": str(stock + 1)}
    refused = client.post("/basket/", data, follow=True, **BROWSER).content.decode()
    assert refusal in refused
    if stock > 5:
        assert str(stock) not in refused
