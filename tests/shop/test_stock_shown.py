"""Stock is said the way shops say it: "In stock", or "Only N left" when few remain;
never a well-stocked product's exact count."""

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
