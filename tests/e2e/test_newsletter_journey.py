"""A shopper signs up in the footer, confirms by mail, clicks the newsletter and buys:
the order is credited to that issue."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from oscar.core.loading import get_model

from funnel import rollups
from funnel.loaders import rollup_rows
from funnel.report import mail_campaigns
from shop.newsletter.models import NewsletterIssue, Subscriber
from shop.newsletter.sending import send_issue
from tests.e2e.steps import CHROME, guest_checkout

Product = get_model("catalogue", "Product")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROWS = [["540002", "22386", "JUMBO BAG PINK POLKADOT", "10", "2011-01-04 10:00:00", "1.95",
         "13313", "United Kingdom"]]


def test_sign_up_confirm_click_and_buy(browser, live_server, write_retail_csv, settings):
    settings.SHOP_BASE_URL = settings.FUNNEL_BASE_URL = live_server.url
    call_command("import_online_retail", str(write_retail_csv(ROWS)), "--shift-to-today")
    bag = Product.objects.get(upc="22386")
    context = browser.new_context(user_agent=CHROME)
    page = context.new_page()

    page.goto(live_server.url + "/")
    page.fill("footer input[name=email]", "Reader@Example.com")
    page.locator("footer").get_by_role("button", name="Subscribe").click()
    assert "Almost done" in page.locator("#subscribe-requested").inner_text()
    assert not Subscriber.objects.get(email="reader@example.com").is_confirmed

    confirm = re.search(r"http://\S+/newsletter/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(confirm)
    page.get_by_role("button", name="Yes, subscribe me").click()
    assert "now gets our newsletter" in page.locator("#subscription-confirmed").inner_text()

    issue = NewsletterIssue.objects.create(subject="Bags are back", body=[
        ("product_card", {"product": bag, "blurb": "Our best seller."})])
    assert send_issue(issue).sent == 1
    html = mail.outbox[-1].alternatives[0][0]
    page.set_content(html)  # the mail, as a mail app shows it: images load the pixel
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Shop now").click()  # through the click redirect
    page.wait_for_url(re.compile(re.escape(bag.get_absolute_url())))
    page.locator("#add_to_basket_form button[type=submit]").click()
    guest_checkout(page, live_server.url, email="reader@example.com")
    context.close()

    rollups.build()
    today = timezone.localdate()
    row = next(r for r in mail_campaigns(rollup_rows(today, today))
               if r["campaign"] == issue.campaign)
    assert (row["sent"], row["opened"], row["clicked"], row["orders"]) == (1, 1, 1, 1)
    order = get_model("order", "Order").objects.get(guest_email="reader@example.com")
    assert row["revenue"] == order.total_incl_tax
