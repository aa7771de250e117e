"""Steps several browser journeys share."""

import re

# Headless Chromium says "HeadlessChrome", which the funnel rightly treats as a bot.
CHROME = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/131.0.0.0 Safari/537.36")


def guest_checkout(page, base_url, email="buyer@example.com"):
    """From a filled basket through Oscar's guest checkout to the thank-you page."""
    page.goto(base_url + "/checkout/")
    page.fill("input[name=username]", email)
    page.check("input[name=options][value=anonymous]")
    page.locator("form#login_form button[type=submit], form button.btn-primary").first.click()
    for name, value in [("first_name", "Bo"), ("last_name", "Buyer"), ("line1", "1 Lane"),
                        ("line4", "Leeds"), ("postcode", "LS1 1AA")]:
        page.fill(f"input[name={name}]", value)
    if page.locator("select[name=country]").count():  # one shipping country: a hidden field
        page.select_option("select[name=country]", "GB")
    page.locator("form#new_shipping_address button[type=submit]").click()
    page.get_by_role("button", name="Continue").click()  # the payment step: the demo card
    page.locator("#place_order_form button[type=submit], button#place-order").first.click()
    page.wait_for_url(re.compile(r"/checkout/thank-you/"))
