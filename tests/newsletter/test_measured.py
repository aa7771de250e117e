"""Opens and clicks of a newsletter become funnel events, and the orders that
follow a click are credited to that issue in the dashboard."""

import re
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from funnel import rollups
from funnel.models import Event, EventType
from shop.newsletter.sending import send_issue
from tests.factories import make_product, place_order

pytestmark = pytest.mark.django_db
CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36"


def path(url):
    return re.sub(r"^https?://[^/]+", "", url.replace("&amp;", "&"))


def test_opens_and_clicks_are_counted_once_per_reader_and_credit_the_order(
        issue, subscribers, django_user_model):
    send_issue(issue)
    html = mail.outbox[0].alternatives[0][0]
    pixel = path(re.search(r'src="([^"]+/t/o/[^"]+)"', html).group(1))
    product_link = path(re.findall(r'href="([^"]+/t/c/[^"]+)"', html)[-1])

    mail_app = Client(HTTP_USER_AGENT=CHROME)
    for _ in range(3):  # reloads, and the proxy of a second mail app
        assert mail_app.get(pixel)["Content-Type"] == "image/gif"
    assert not mail_app.cookies.get("shop_vid")  # an open is not a visit: no cookie
    reader = Client(HTTP_USER_AGENT=CHROME)
    landing = reader.get(product_link)
    assert landing.status_code == 302 and landing["Location"].startswith("/catalogue/")
    reader.get(product_link)  # a second click of the same reader
    reader.get(landing["Location"])  # the product page, a visit from the newsletter

    opened = Event.objects.filter(type=EventType.EMAIL_OPENED)
    clicked = Event.objects.filter(type=EventType.EMAIL_CLICKED)
    assert opened.count() == 1 and opened.get().visitor_id is None
    assert clicked.count() == 1 and clicked.get().campaign == issue.campaign
    view = Event.objects.get(type=EventType.PRODUCT_VIEW)
    assert (view.channel, view.campaign) == ("email", issue.campaign)

    # The reader orders two days later in a new visit: credited to the issue.
    order = place_order(make_product("Teacup", "12.50"))  # records its order_placed event
    Event.objects.filter(type=EventType.ORDER_PLACED, order=order).update(
        visitor_id=view.visitor_id, session_id=uuid.uuid4(), channel="direct")
    # Someone else's order is not.
    Event.objects.create(type=EventType.ORDER_PLACED, occurred_at=timezone.now(),
                         visitor_id=uuid.uuid4(), session_id=uuid.uuid4(), value=Decimal(99),
                         channel="direct")
    rollups.build()

    admin = django_user_model.objects.create_superuser("op", "op@example.com", "pw")
    staff = Client()
    staff.force_login(admin)
    page = staff.get("/dashboard/funnel/").content.decode()
    table = page.split('id="mail-campaigns"', 1)[1].split("</table>", 1)[0]
    row = re.search(r"<tr><td>Newsletter: Tea season is here</td>(.*?)</tr>", table, re.S)
    cells = re.findall(r"<td>(.*?)</td>", row.group(1))
    assert cells == ["5", "1", "20.0%", "1", "20.0%", "1", f"£{order.total_incl_tax}"]
    # Visits: the reader's click and the two orders' sessions; the 5 mails sent and
    # the open are not visits to the shop.
    assert '<strong id="visits">3</strong>' in page

    csv = staff.get("/dashboard/funnel/", {"export": "mail"}).content.decode()
    assert issue.campaign in csv and "Newsletter: Tea season is here" in csv
    # The editors' listing in Wagtail shows the same figures.
    listing = staff.get("/cms/snippets/newsletter/newsletterissue/").content.decode()
    cells = [re.sub(r"<[^>]+>|\s", "", c) for c in re.findall(
        r"<td[^>]*>(.*?)</td>", listing.split("Tea season is here", 1)[1], re.S)]
    # status, sent at, then sent to, opened, open rate, clicked, click rate, orders, revenue
    assert cells[2:9] == ["5", "1", "20.0%", "1", "20.0%", "1", f"£{order.total_incl_tax}"]
    assert 'id="figures-as-of"' in listing  # and says how fresh they are


def test_forged_or_altered_tokens_get_404_and_record_nothing(issue, subscribers):
    send_issue(issue)
    html = mail.outbox[0].alternatives[0][0]
    pixel = path(re.search(r'src="([^"]+/t/o/[^"]+)"', html).group(1))
    link = path(re.findall(r'href="([^"]+/t/c/[^"]+)"', html)[-1])
    before = Event.objects.count()
    client = Client(HTTP_USER_AGENT=CHROME)
    token = pixel.split("/t/o/")[1][:-4]
    assert client.get(f"/t/o/{token[:-2]}xx.gif").status_code == 404
    assert client.get(link.replace("/t/c/", "/t/c/A")).status_code == 404
    assert client.get("/t/c/forged/").status_code == 404
    assert Event.objects.count() == before


def test_under_global_privacy_control_a_click_is_counted_but_not_tied_to_anyone(
        issue, subscribers):
    send_issue(issue)
    html = mail.outbox[0].alternatives[0][0]
    link = path(re.findall(r'href="([^"]+/t/c/[^"]+)"', html)[-1])
    response = Client(HTTP_USER_AGENT=CHROME, HTTP_SEC_GPC="1").get(link)
    assert response.status_code == 302 and not response.cookies
    click = Event.objects.get(type=EventType.EMAIL_CLICKED)
    assert click.visitor_id is None and click.session_id is None and "r" not in click.data
    assert click.campaign == issue.campaign
