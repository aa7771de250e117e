"""A journey from a guide's product card to an order, credited to the guide in the
dashboard's funnel."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from oscar.core.loading import get_model
from wagtail.rich_text import RichText

from funnel import rollups
from shop.content.models import GuidePage
from tests.e2e.steps import CHROME, guest_checkout
from tests.factories import guides_index

Product = get_model("catalogue", "Product")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


ROWS = [["540001", "22386", "JUMBO BAG PINK POLKADOT", "10", "2011-01-04 10:00:00", "1.95",
         "13313", "United Kingdom"]]


def test_guide_to_order_appears_in_the_funnel(browser, live_server, write_retail_csv):
    call_command("import_online_retail", str(write_retail_csv(ROWS)), "--shift-to-today")
    get_user_model().objects.create_superuser("boss", "boss@example.com", "boss-pass-123")
    bag = Product.objects.get(upc="22386")
    index = guides_index()
    guide = index.add_child(instance=GuidePage(
        title="Bags for every trip", slug="bags",
        body=[("paragraph", RichText("<p>One bag for the beach, one for the market.</p>")),
              ("product_card", {"product": bag, "blurb": "Folds into a pocket."})]))
    guide.save_revision().publish()

    context = browser.new_context(user_agent=CHROME)
    page = context.new_page()
    page.goto(live_server.url + "/content/bags/")
    card = page.locator(f"article.guide-product[data-product='{bag.pk}']")
    assert "£1.95" in card.inner_text() and "In stock" in card.inner_text()
    card.get_by_role("button", name="Add to basket").click()  # straight from the guide
    page.wait_for_url(re.compile(r"/content/bags/"))
    assert "has been added to your basket" in page.locator(".alert-success").first.inner_text()
    guest_checkout(page, live_server.url)
    context.close()

    rollups.build()
    staff = browser.new_context(user_agent=CHROME)
    page = staff.new_page()
    page.goto(live_server.url + "/dashboard/login/")
    page.fill("input[name=username]", "boss@example.com")
    page.fill("input[name=password]", "boss-pass-123")
    page.get_by_role("button", name="Login").click()
    page.goto(live_server.url + "/dashboard/funnel/")
    rows = {r.locator("td").nth(0).inner_text(): r.locator("td").nth(1).inner_text()
            for r in page.locator("#funnel tr").all() if r.locator("td").count() == 5}
    assert rows["Content view"] == "1" and rows["Product view"] == "0"  # bought from the guide
    assert rows["Basket"] == "1" and rows["Preview"] == "1" and rows["Order"] == "1"
    pages = page.locator("#pages").inner_text()
    assert "Bags for every trip" in pages and "£19.50" not in pages  # the order is £1.95
    assert "£1.95" in pages
    staff.close()
