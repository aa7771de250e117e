"""A guest finds a product, buys it, and the operator sees the order."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from oscar.core.loading import get_model

Order = get_model("order", "Order")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = [
    ["540001", "22386", "JUMBO BAG PINK POLKADOT", "10", "2011-01-04 10:00:00", "1.95", "13313",
     "United Kingdom"],
    ["540001", "21499", "BLUE POLKADOT WRAP", "25", "2011-01-04 10:00:00", "0.42", "13313",
     "United Kingdom"],
    ["540002", "84879", "ASSORTED COLOUR BIRD ORNAMENT", "8", "2011-01-05 11:00:00", "1.69", "",
     "France"],
]


def test_guest_searches_buys_and_staff_sees_the_order(page, live_server, write_retail_csv):
    call_command("import_online_retail", str(write_retail_csv(ROWS)), "--shift-to-today")
    get_user_model().objects.create_superuser("staff", "staff@example.com", "staff-pass-123")
    imported = set(Order.objects.values_list("number", flat=True))

    # A guest searches from the storefront and opens the product.
    page.goto(live_server.url + "/")
    page.fill("input[name=q]", "jumbo bag")
    page.press("input[name=q]", "Enter")
    page.get_by_role("link", name="Jumbo Bag Pink Polkadot").first.click()
    assert page.locator("h1").inner_text() == "Jumbo Bag Pink Polkadot"
    assert "£1.95" in page.locator(".price_color").first.inner_text()

    # Basket, then Oscar's stock checkout as a guest.
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.goto(live_server.url + "/basket/")
    page.get_by_role("link", name=re.compile("Proceed to checkout")).click()
    page.fill("input[name=username]", "shopper@example.com")
    page.check("input[name=options][value=anonymous]")
    page.locator("form#login_form button[type=submit], form button.btn-primary").first.click()

    page.fill("input[name=first_name]", "Ada")
    page.fill("input[name=last_name]", "Shopper")
    page.fill("input[name=line1]", "1 Test Street")
    page.fill("input[name=line4]", "London")
    page.fill("input[name=postcode]", "SW1A 1AA")
    page.select_option("select[name=country]", "GB")
    page.locator("form#new_shipping_address button[type=submit]").click()

    # The payment step says what it is, and so does every page after it.
    demo = "Demo card — no money moves"
    assert page.get_by_label(demo).is_checked()
    assert "nothing is charged" in page.locator(".payment-explanation").inner_text()
    page.get_by_role("button", name="Continue").click()
    assert page.locator(".payment-method").inner_text() == demo  # the preview
    page.locator("#place_order_form button[type=submit], button#place-order").first.click()
    page.wait_for_url(re.compile(r"/checkout/thank-you/"))
    assert "Order number" in page.content() or "order number" in page.content().lower()
    assert page.locator(".payment-source").inner_text() == demo

    placed = Order.objects.exclude(number__in=imported).get()
    assert placed.guest_email == "shopper@example.com"
    assert [line.title for line in placed.lines.all()] == ["Jumbo Bag Pink Polkadot"]
    assert placed.number in page.content()
    # Recorded in Oscar's payment models: a source and a settled event, both for the total.
    source = placed.sources.get()
    assert (source.source_type.name, source.amount_debited, source.reference) == (
        demo, placed.total_incl_tax, f"DEMO-{placed.number}")
    event = placed.payment_events.get()
    assert (event.event_type.name, event.amount) == ("Settled", placed.total_incl_tax)
    assert f"{source.amount_debited:.2f} paid, reference DEMO-{placed.number}" in page.content()

    # The operator logs in to the dashboard and finds the order.
    page.goto(live_server.url + "/dashboard/login/")
    page.fill("input[name=username]", "staff@example.com")
    page.fill("input[name=password]", "staff-pass-123")
    page.get_by_role("button", name="Login").click()
    page.goto(live_server.url + "/dashboard/orders/")
    assert page.get_by_role("link", name=placed.number).count() >= 1
    page.get_by_role("link", name=placed.number).first.click()
    assert "shopper@example.com" in page.content()
    assert "Jumbo Bag Pink Polkadot" in page.content()
    assert "Settled" in page.locator("#lines").inner_text()  # Oscar lists payment events there
    page.get_by_role("link", name="Payment").first.click()  # the order's payment tab
    payment_tab = page.locator("#payment").inner_text()
    assert demo in payment_tab and f"DEMO-{placed.number}" in payment_tab
