"""A shopper buys a "frequently bought together" bundle with one item left out,
then adds it back from the basket's "Complete your order"."""

from decimal import Decimal

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


def money(text):
    return Decimal(text.strip().lstrip("£").replace(",", ""))


def test_a_bundle_with_one_item_unticked_adds_the_rest(page, live_server, write_retail_csv):
    call_command("import_online_retail", str(write_retail_csv(rows())), "--shift-to-today")
    call_command("mine_recommendations")
    lantern = Product.objects.get(upc="71053")

    page.goto(live_server.url + lantern.get_absolute_url())
    block = page.locator("#bought-together")
    items = block.locator("li.bundle-item")
    assert items.count() == 3  # the lantern and two complements
    assert items.first.inner_text().startswith("This item: White Metal Lantern")
    boxes = block.locator("input.bundle-check")
    assert all(boxes.nth(i).is_checked() for i in range(3))
    prices = [money(items.nth(i).locator(".price_color").inner_text()) for i in range(3)]
    total = block.locator(".bundle-total")
    assert money(total.inner_text()) == sum(prices)
    button = block.locator("button.bundle-add")
    assert button.inner_text() == "Add all 3 to basket"

    kept = items.nth(1).locator(".bundle-title").inner_text()
    left_out = items.nth(2).locator(".bundle-title").inner_text()
    boxes.nth(2).uncheck()
    assert money(total.inner_text()) == prices[0] + prices[1]
    assert button.inner_text() == "Add both to basket"
    button.click()

    page.wait_for_load_state()
    assert "Added to your basket:" in page.content()
    basket = Basket.objects.get()
    assert sorted(line.product.get_title() for line in basket.all_lines()) == sorted(
        ["White Metal Lantern", kept])
    # In the basket, the lantern is no longer offered: the bundle is its complements.
    page.reload()
    assert "This item:" not in block.inner_text()
    assert block.locator("button.bundle-add").inner_text() in ("Add to basket",
                                                               "Add both to basket")

    page.goto(live_server.url + "/basket/")
    complete = page.locator("#complete-your-order")
    row = complete.locator("li.suggestion").filter(
        has=page.get_by_role("link", name=left_out, exact=True))
    assert row.locator(".suggestion-reason").inner_text() in (
        "Often bought with White Metal Lantern", f"Often bought with {kept}")
    for title in ("White Metal Lantern", kept):  # never what is in the basket
        assert complete.get_by_role("link", name=title, exact=True).count() == 0
    row.get_by_role("button", name=f"Add {left_out} to basket").click()
    page.wait_for_load_state()
    assert sorted(line.product.get_title() for line in Basket.objects.get().all_lines()) == (
        sorted(["White Metal Lantern", kept, left_out]))
