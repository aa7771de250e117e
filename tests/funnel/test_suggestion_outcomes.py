"""Outcomes per suggestion: impressions, clicks, adds, orders and revenue per pair
shown to shoppers, from events recorded by the real receivers; the dashboard's
sortable table and its CSV."""

import csv
import io
import re
import uuid
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency

from funnel import loaders, receivers, suggestions, tracker
from funnel.models import Event, EventType
from tests.factories import make_product, place_order
from tests.funnel.test_capture import BROWSER, checkout

Country = get_model("address", "Country")
Basket = get_model("basket", "Basket")
OrderLine = get_model("order", "Line")
WITH_RECOMMENDATIONS = apps.is_installed("recommendations")
BT, CO = "bought_together", "complete_order"


def show(products, source=BT, product=None, anchors=None, session=None):
    """A block rendered for a shopper, heard as in a request and written after it:
    through the recommendations plugin's signal where it is installed, straight to
    the funnel's receiver in the funnel's stand-alone run."""
    request = RequestFactory().get("/", **BROWSER)
    visit = tracker.Tracker(visitor_id=uuid.uuid4(), session={"id": session or uuid.uuid4()})
    token = tracker.activate(visit)
    try:
        kwargs = dict(request=request, products=products, source=source, product=product,
                      anchors=anchors)
        if WITH_RECOMMENDATIONS:
            from recommendations.signals import suggestions_shown

            suggestions_shown.send(sender=None, **kwargs)
        else:
            receivers.on_suggestions_shown(sender=None, **kwargs)
    finally:
        tracker.deactivate(token)
    visit.flush()


def add_from_block(client, product, page_product, source=BT):
    """The shopper adds ``product`` from the block on ``page_product``'s page: the
    plugin's "add all" where installed; else Oscar's basket add, and what the plugin's
    signal would tell the funnel's receiver, for the same basket."""
    if WITH_RECOMMENDATIONS:
        response = client.post(reverse("recommendations:add-all"), {
            "products": [product.pk], "source": source, "product": page_product.pk},
            **BROWSER)
        assert response.status_code == 302
        return
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}, **BROWSER)
    request = RequestFactory().post("/", **BROWSER)
    request.basket = Basket.objects.filter(lines__product=product).latest("pk")
    receivers.on_suggestions_added(sender=None, request=request, products=[product],
                                   source=source, product=page_product)


def outcomes(start=None, end=None):
    today = timezone.localdate()
    rows = loaders.suggestion_outcomes(start or today - timedelta(days=29), end or today)
    return {(r["source"], r["anchor_id"], r["complement_id"]): r for r in rows}


@pytest.fixture
def journey(client, django_user_model):
    """Lamp's page showed Bulb and Shade three times; a signed-in shopper opened Bulb
    from the block, added it, and ordered it with Lamp; someone else ordered Bulb alone.

    Signed in from the start: Oscar merges a guest's basket into the account's at
    sign-in, and the order's basket is then no longer the one the add was recorded in.
    """
    Country.objects.create(iso_3166_1_a2="GB", iso_3166_1_a3="GBR", iso_3166_1_numeric="826",
                           printable_name="United Kingdom", name="United Kingdom",
                           is_shipping_country=True)
    lamp, bulb, shade = (make_product(t) for t in ("Lamp", "Bulb", "Shade"))
    mug, tea = make_product("Mug"), make_product("Tea")
    if WITH_RECOMMENDATIONS:  # stored, never displayed
        from recommendations.models import ProductComplement

        ProductComplement.objects.create(product=mug, complement=tea, baskets=5, weight=2,
                                         score=1)
    for _ in range(3):
        show([bulb, shade], product=lamp, anchors=[lamp.pk, lamp.pk])
    client.force_login(django_user_model.objects.create_user("eve", "eve@example.com",
                                                             "pw-123456789"))
    page = client.get(bulb.get_absolute_url() + f"?rec={BT}:{lamp.pk}", **BROWSER)
    assert page.status_code == 200
    client.get(bulb.get_absolute_url() + f"?rec={BT}:{lamp.pk}", **BROWSER)  # a reload
    client.get(tea.get_absolute_url() + f"?rec={BT}:{mug.pk}", **BROWSER)  # never shown
    add_from_block(client, bulb, lamp)
    assert checkout(client, lamp).status_code == 302
    place_order(bulb)  # another basket: not the suggestion's doing
    return {"lamp": lamp, "bulb": bulb, "shade": shade, "mug": mug, "tea": tea}


@pytest.mark.django_db
def test_each_pair_shown_gets_its_impressions_clicks_adds_orders_and_revenue(journey):
    lamp, bulb, shade = journey["lamp"], journey["bulb"], journey["shade"]
    bulb_line = OrderLine.objects.get(product=bulb, order__lines__product=lamp)
    rows = outcomes()
    assert {k: rows[(BT, lamp.pk, bulb.pk)][k] for k in (
        "impressions", "clicks", "adds", "orders", "revenue")} == {
        "impressions": 3, "clicks": 1, "adds": 1, "orders": 1,
        "revenue": bulb_line.line_price_incl_tax}
    assert rows[(BT, lamp.pk, bulb.pk)]["click_rate"] == pytest.approx(1 / 3)
    assert {k: rows[(BT, lamp.pk, shade.pk)][k] for k in (
        "impressions", "clicks", "adds", "orders", "revenue")} == {
        "impressions": 3, "clicks": 0, "adds": 0, "orders": 0, "revenue": 0}
    # Stored (where the plugin stores pairs) and even clicked, but never displayed.
    assert not [key for key in rows if key[1] == journey["mug"].pk]
    assert Event.objects.filter(type=EventType.RECOMMENDATION_OPENED).count() == 2


@pytest.mark.django_db
def test_the_date_range_leaves_older_events_out():
    lamp, bulb = make_product("Lamp"), make_product("Bulb")
    show([bulb], product=lamp, anchors=[lamp.pk])
    Event.objects.update(occurred_at=timezone.now() - timedelta(days=40))
    show([bulb], product=lamp, anchors=[lamp.pk])
    assert outcomes()[(BT, lamp.pk, bulb.pk)]["impressions"] == 1
    longer = outcomes(start=timezone.localdate() - timedelta(days=45))
    assert longer[(BT, lamp.pk, bulb.pk)]["impressions"] == 2
    assert outcomes(end=timezone.localdate() - timedelta(days=41)) == {}


@pytest.mark.django_db
@pytest.mark.parametrize("value", [
    "bought_together:abc", "bought_together:-1", "Bought_Together:1", "bought together:1",
    "=HYPERLINK(\"http://x\"):1", "x" * 41 + ":1", "bought_together:1:2",
    "bought_together:12345678901", "bought_together:", ":1", "bought_together:1\n"])
def test_a_forged_suggestion_link_records_no_click_and_breaks_nothing(client, value):
    bulb = make_product("Bulb")
    page = client.get(bulb.get_absolute_url(), {"rec": value}, **BROWSER)
    assert page.status_code == 200
    assert Event.objects.filter(type=EventType.PRODUCT_VIEW, product=bulb).count() == 1
    assert not Event.objects.filter(type=EventType.RECOMMENDATION_OPENED).exists()


@pytest.mark.django_db
def test_a_best_sellers_link_records_a_click_without_anchor(client):
    bulb = make_product("Bulb")
    client.get(bulb.get_absolute_url(), {"rec": f"{CO}:0"}, **BROWSER)
    opened = Event.objects.get(type=EventType.RECOMMENDATION_OPENED)
    assert (opened.product_id, opened.data) == (bulb.pk, {"source": CO, "from_product": None})


class Cells(HTMLParser):
    """The text of each body row's cells in the table with id ``suggestion-outcomes``."""

    def __init__(self):
        super().__init__()
        self.rows, self.inside, self.cell = [], False, None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == "suggestion-outcomes":
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join(self.cell.split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def table_of(page):
    parser = Cells()
    parser.feed(page.content.decode())
    header, *body = [row for row in parser.rows if row]
    return header, body


@pytest.mark.django_db
def test_the_dashboard_table_sorts_and_its_csv_says_what_the_page_says(admin_client, journey):
    url = reverse("dashboard:funnel-suggestions")
    assert Client().get(url).status_code == 302  # anonymous: to the login page
    show([journey["shade"]], source=CO, anchors=[None])  # a best seller on the basket page
    page = admin_client.get(url)
    assert page.status_code == 200
    assert ("Shown = displayed to a shopper (one impression per block rendered), "
            "not merely stored") in page.content.decode()
    header, body = table_of(page)
    assert header == ["Product", "Complement", "Source", "Impressions", "Clicks",
                      "Click rate", "Adds to basket", "Orders", "Revenue"]
    by_pair = {(r[0], r[1]): r for r in body}
    bulb_line = OrderLine.objects.get(product=journey["bulb"],
                                      order__lines__product=journey["lamp"])
    assert by_pair[("Lamp", "Bulb")][2:] == ["Bought together", "3", "1", "33.3%", "1", "1",
                                             currency(bulb_line.line_price_incl_tax)]
    assert body[0][3] == "3"  # most shown first
    assert by_pair[("Basket (best seller)", "Shade")][2:4] == ["Complete order", "1"]
    lamp = journey["lamp"]
    assert f'href="{reverse("dashboard:catalogue-product", kwargs={"pk": lamp.pk})}"' in (
        page.content.decode())

    _, by_clicks = table_of(admin_client.get(url, {"sort": "-clicks"}))
    assert by_clicks[0][:2] == ["Lamp", "Bulb"]
    _, by_clicks_up = table_of(admin_client.get(url, {"sort": "clicks"}))
    assert by_clicks_up[-1][:2] == ["Lamp", "Bulb"]
    assert [int(r[4]) for r in by_clicks_up] == sorted(int(r[4]) for r in by_clicks_up)

    exported = admin_client.get(url, {"sort": "clicks", "format": "csv"})
    assert exported["Content-Type"].startswith("text/csv")
    csv_header, *csv_body = list(csv.reader(io.StringIO(exported.content.decode())))
    assert csv_header == header
    assert len(csv_body) == len(by_clicks_up)
    for html, row in zip(by_clicks_up, csv_body, strict=True):
        assert row[:2] == html[:2]
        assert [int(row[i]) for i in (3, 4, 6, 7)] == [int(html[i]) for i in (3, 4, 6, 7)]
        assert f"{float(row[5]) * 100:.1f}%" == html[5]
        assert Decimal(row[8]) == Decimal(re.sub(r"[^\d.]", "", html[8]))
    assert Decimal(csv_body[-1][8]) > 0


@pytest.mark.django_db
def test_a_range_ending_in_the_future_is_refused(admin_client):
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = admin_client.get(reverse("dashboard:funnel-suggestions"), {"end": tomorrow})
    assert page.status_code == 200
    assert b"The end date is in the future" in page.content
    assert b'id="suggestion-outcomes"' not in page.content


# The counting alone, on plain rows.

T0 = timezone.now()


def row(type, minutes, product_id=None, session=None, basket=None, **data):
    return {"type": type, "occurred_at": T0 + timedelta(minutes=minutes),
            "session_id": session, "basket_id": basket, "product_id": product_id,
            "data": data}


def test_a_basket_suggestion_added_without_anchor_takes_the_one_the_visit_was_shown():
    shown = row(suggestions.SHOWN, 0, session="s", source=CO, products=[30, 40],
                anchors=[1, None])
    rows = suggestions.count_outcomes(
        [shown, row(suggestions.ADDED, 1, 30, session="s", basket=9, source=CO,
                    from_product=None),
         row(suggestions.ADDED, 2, 40, session="s", basket=9, source=CO, from_product=None)],
        [], {})
    counts = {(r["anchor_id"], r["complement_id"]): r["adds"] for r in rows}
    assert counts == {(1, 30): 1, (None, 40): 1}


def test_an_order_counts_once_per_pair_and_only_after_the_add():
    shown = row(suggestions.SHOWN, 0, product_id=1, source=BT, products=[30])  # no anchors
    adds = [row(suggestions.ADDED, m, 30, basket=9, source=BT, from_product=1)
            for m in (2, 3)]
    orders = [{"order_id": 70, "basket_id": 9, "occurred_at": T0 + timedelta(minutes=1)},
              {"order_id": 71, "basket_id": 9, "occurred_at": T0 + timedelta(minutes=4)}]
    lines = {70: [(30, Decimal("5.00"))],
             71: [(30, Decimal("5.00")), (30, Decimal("2.50")), (8, Decimal("99"))]}
    [pair] = suggestions.count_outcomes([shown, *adds], orders, lines)
    assert (pair["anchor_id"], pair["impressions"], pair["adds"], pair["orders"],
            pair["revenue"]) == (1, 1, 2, 1, Decimal("7.50"))


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["end=0001-01-01", "start=0001-01-01", "end=1999-12-31"])
def test_dates_before_any_shop_are_refused_with_a_message(admin_client, query):
    for name in ("dashboard:funnel-suggestions", "dashboard:funnel-report"):
        page = admin_client.get(reverse(name) + "?" + query)
        assert page.status_code == 200
        assert "Choose a day from 1 January 2000 on." in page.content.decode()
