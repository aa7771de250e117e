"""A shopper adds every "frequently bought together" suggestion in one click."""

import pytest
from django.core.management import call_command
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
Basket = get_model("basket", "Basket")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAMP = ["71053", "WHITE METAL LANTERN", "3.39"]
OTHERS = [["22386", "JUMBO BAG PINK POLKADOT", "1.95"],
          ["21499", "BLUE POLKADOT WRAP", "0.42"],
          ["84879", "ASSORTED COLOUR BIRD ORNAMENT", "1.69"]]


def rows():
    """Five customers bought the lantern with the other three, on five invoices."""
    out = []
    for n in range(5):
        for code, title, price in [LAMP, *OTHERS]:
            out.append([f"54000{n}", code, title, "2", f"2011-01-0{n + 1} 10:00:00", price,
                        f"1330{n}", "United Kingdom"])
    return out


def test_add_all_puts_the_three_complements_in_the_basket(page, live_server, write_retail_csv):
    call_command("import_online_retail", str(write_retail_csv(rows())), "--shift-to-today")
    call_command("mine_recommendations")
    lantern = Product.objects.get(upc="71053")

    page.goto(live_server.url + lantern.get_absolute_url())
    block = page.locator("#bought-together")
    assert block.locator("li.suggestion").count() == 3
    assert "Total for all 3: £4.06" in block.inner_text()
    block.get_by_role("button", name="Add all to basket").click()

    page.wait_for_load_state()
    assert "Added to your basket:" in page.content()
    page.goto(live_server.url + "/basket/")
    text = page.locator("#content_inner").inner_text()
    for _, title, _ in OTHERS:
        assert title.title() in text
    basket = Basket.objects.get()
    assert sorted(line.product.upc for line in basket.all_lines()) == sorted(
        code for code, _, _ in OTHERS)
