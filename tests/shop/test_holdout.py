"""The A/B holdout in the shop: arms drawn once and kept, the control shown in place of
the suggestions, the arm on the funnel's events, privacy honoured, and the comparison
on the dashboard (the recommendations and funnel plugins wired together)."""

import random
from decimal import Decimal

import pytest
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from funnel.models import Event, EventType
from recommendations import conf, holdout, services
from tests.factories import make_product, place_order
from tests.funnel.test_capture import BROWSER, checkout

Country = get_model("address", "Country")
pytestmark = pytest.mark.django_db
COOKIE = "shop_rec_arm"


@pytest.fixture
def shop(settings):
    settings.RECOMMENDATIONS_MIN_SUPPORT = 1
    settings.RECOMMENDATIONS_HOLDOUT_SHARE = 0.5
    Country.objects.create(iso_3166_1_a2="GB", iso_3166_1_a3="GBR", iso_3166_1_numeric="826",
                           printable_name="United Kingdom", name="United Kingdom",
                           is_shipping_country=True)
    lighting = "Home & Living > Lighting"
    shop = {name: make_product(name.title(), category=lighting, price=Decimal("5.00"))
            for name in ("lamp", "bulb", "shade", "candle")}
    for _ in range(3):
        place_order(shop["lamp"], shop["bulb"])
    for _ in range(5):  # the category's best seller, never bought with the lamp
        place_order(shop["candle"])
    services.rebuild()
    Event.objects.all().delete()
    return shop


def block(response):
    html = response.content.decode()
    if 'id="bought-together"' not in html:
        return None
    start = html.index('id="bought-together"')
    section = html[start:html.index("</section>", start)]
    return [part.split('"', 1)[0] for part in section.split('data-source="')[2:]]


def shown_events():
    return list(Event.objects.filter(type=EventType.RECOMMENDATION_SHOWN).order_by(
        "occurred_at").values_list("visitor_id", "data"))


def test_the_default_share_is_a_tenth_and_the_control_shows_best_sellers(settings):
    del settings.RECOMMENDATIONS_HOLDOUT_SHARE  # the test settings turn it off
    assert conf.get("HOLDOUT_SHARE") == 0.10
    assert conf.get("HOLDOUT_CONTROL") == holdout.BEST_SELLERS


@pytest.fixture
def seeded():
    """The draws of this test repeat run after run; the generator is left as it was."""
    state = random.getstate()
    random.seed(7)
    yield
    random.setstate(state)


def test_a_visitor_draws_an_arm_once_and_keeps_it(shop, seeded):
    arms = []
    for _ in range(40):
        client = Client()
        first = client.get(shop["lamp"].get_absolute_url(), **BROWSER)
        arm = first.cookies[COOKIE].value
        assert arm in holdout.ARMS and first.cookies[COOKIE]["max-age"] == 365 * 86400
        again = client.get(shop["lamp"].get_absolute_url(), **BROWSER)
        assert COOKIE not in again.cookies  # drawn once, kept by the browser
        assert block(again) == block(first)
        arms.append(arm)
    # Half and half, as drawn (binomial, 40 visitors: 10 to 30 in each arm).
    assert 10 <= arms.count("control") <= 30
    recorded = {visitor: data["arm"] for visitor, data in shown_events()}
    assert sorted(recorded.values()) == sorted(arms)


def test_the_control_sees_the_categorys_best_sellers_instead(shop, client):
    client.cookies[COOKIE] = "suggestions"
    assert block(client.get(shop["lamp"].get_absolute_url(), **BROWSER))[1:] == [
        "mined", "best_seller"]  # after the lamp itself: the bulb, then a filler
    client.cookies[COOKIE] = "control"
    items = block(client.get(shop["lamp"].get_absolute_url(), **BROWSER))
    assert items[1:] == ["best_seller", "best_seller"]
    html = client.get(shop["lamp"].get_absolute_url(), **BROWSER).content.decode()
    assert "Candle" in html[html.index('id="bought-together"'):]  # the best seller
    assert [data["arm"] for _, data in shown_events()] == ["suggestions", "control",
                                                           "control"]
    # The fillers are shown for the lamp's page: the outcomes credit them to it.
    assert {pk for _, data in shown_events() for pk in data["anchors"]} == {shop["lamp"].pk}


def test_a_control_with_no_block_is_still_an_exposure(shop, client, settings):
    settings.RECOMMENDATIONS_HOLDOUT_CONTROL = holdout.NO_BLOCK
    client.cookies[COOKIE] = "control"
    assert block(client.get(shop["lamp"].get_absolute_url(), **BROWSER)) is None
    (visitor, data), = shown_events()
    assert visitor and data["arm"] == "control" and data["products"] == []


@pytest.mark.parametrize("header", [{"HTTP_SEC_GPC": "1"}, {"HTTP_DNT": "1"}])
def test_a_visitor_who_asks_not_to_be_tracked_gets_suggestions_and_no_arm(
        shop, client, header):
    client.cookies[COOKIE] = "control"  # drawn before they asked: removed
    response = client.get(shop["lamp"].get_absolute_url(), **BROWSER, **header)
    assert response.cookies[COOKIE].value == "" and response.cookies[COOKIE]["max-age"] == 0
    assert block(response)[1] == "mined"
    (visitor, data), = shown_events()
    assert visitor is None and "arm" not in data


def test_with_no_share_nobody_is_assigned(shop, client, settings):
    settings.RECOMMENDATIONS_HOLDOUT_SHARE = 0
    response = client.get(shop["lamp"].get_absolute_url(), **BROWSER)
    assert COOKIE not in response.cookies and block(response)[1] == "mined"
    assert "arm" not in shown_events()[0][1]


def test_the_dashboard_compares_the_arms_from_the_events(shop, settings, admin_client,
                                                         django_user_model):
    settings.FUNNEL_HOLDOUT_MIN_VISITORS = 2
    visitors = []
    for arm in ("suggestions", "suggestions", "control", "control", "control"):
        client = Client()
        client.cookies[COOKIE] = arm
        client.get(shop["lamp"].get_absolute_url(), **BROWSER)
        visitors.append(client)
    # One shopper with suggestions adds the bulb from the bundle and orders.
    buyer = visitors[0]
    buyer.force_login(django_user_model.objects.create_user("eve", "eve@example.com", "pw"))
    buyer.post(reverse("recommendations:add-all"), {
        "products": [shop["bulb"].pk], "source": "bought_together",
        "product": shop["lamp"].pk}, **BROWSER)
    response = checkout(buyer, shop["lamp"])
    assert response.status_code == 302
    added = Event.objects.get(type=EventType.RECOMMENDATION_CLICKED)
    assert added.data["arm"] == "suggestions"

    page = admin_client.get(reverse("dashboard:funnel-suggestions")).content.decode()
    arms = page[page.index('id="holdout-arms"'):page.index("</table>",
                                                           page.index('id="holdout-arms"'))]
    suggestions = arms[arms.index('data-arm="suggestions"'):arms.index('data-arm="control"')]
    control = arms[arms.index('data-arm="control"'):]
    cells = [c.split("</td>")[0] for c in suggestions.split("<td>")[1:]]
    assert cells[0] == "2" and cells[2] == "1 of 2" and cells[3] == "50%"
    assert cells[4] == "1 (50%)" and cells[5] == "1"
    assert [c.split("</td>")[0] for c in control.split("<td>")[1:]][:1] == ["3"]
    assert 'id="holdout-differences"' in page
    settings.FUNNEL_HOLDOUT_MIN_VISITORS = 100
    page = admin_client.get(reverse("dashboard:funnel-suggestions")).content.decode()
    assert "Not enough data yet: the comparison needs at least 100 visitors in each arm " \
           "(now 2 with suggestions and 3 in the control)." in page


def test_the_control_never_shows_what_the_operator_blocked(shop, client):
    from recommendations.models import ComplementOverride

    ComplementOverride.objects.create(product=shop["lamp"], complement=shop["candle"],
                                      action=ComplementOverride.BLOCK)
    client.cookies[COOKIE] = "control"
    html = client.get(shop["lamp"].get_absolute_url(), **BROWSER).content.decode()
    assert "Candle" not in html[html.index('id="bought-together"'):]


def test_only_suggestions_taken_from_the_holdouts_blocks_count_as_adds(shop, client):
    client.cookies[COOKIE] = "suggestions"
    client.get(shop["lamp"].get_absolute_url(), **BROWSER)
    for source, products in (("bought_together", [shop["lamp"].pk]),  # its own product
                             ("guide_bundle", [shop["bulb"].pk]),  # not in the experiment
                             ("bought_together", [shop["bulb"].pk])):
        client.post(reverse("recommendations:add-all"), {
            "products": products, "source": source, "product": shop["lamp"].pk}, **BROWSER)
    added = Event.objects.filter(type=EventType.RECOMMENDATION_CLICKED)
    assert sorted((e.data["source"], e.data.get("arm")) for e in added) == [
        ("bought_together", "suggestions"), ("guide_bundle", None)]


@pytest.mark.parametrize("name, value, code", [
    ("MODEL", "svd", "recommendations.E016"),
    ("RIDGE", 0, "recommendations.E018"),
    ("NEIGHBOURS", 0, "recommendations.E014"),
    ("MODEL_MAX_PRODUCTS", -1, "recommendations.E015"),
    ("HOLDOUT_COOKIE_AGE", 0, "recommendations.E017"),
    ("HOLDOUT_SHARE", 1, "recommendations.E012"),
    ("HOLDOUT_SHARE", "0.1", "recommendations.E012"),
    ("HOLDOUT_CONTROL", "nothing", "recommendations.E013"),
])
def test_bad_holdout_settings_are_named(settings, name, value, code):
    setattr(settings, f"RECOMMENDATIONS_{name}", value)
    assert code in [m.id for m in run_checks()]


def test_a_share_without_the_middleware_is_warned_about(settings):
    settings.RECOMMENDATIONS_HOLDOUT_SHARE = 0.1
    assert "recommendations.W001" not in [m.id for m in run_checks()]
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "holdout" not in m]
    assert "recommendations.W001" in [m.id for m in run_checks()]
