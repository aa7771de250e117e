"""Every event type from a real request; identity, privacy, bots, replays, failure."""

import logging
import uuid

import pytest
from django.db import connection, transaction
from django.urls import reverse
from oscar.core.loading import get_model

from funnel import tracker
from funnel.models import Event, EventType
from tests.db_faults import refuse_inserts
from tests.factories import make_product, place_order

Country = get_model("address", "Country")
Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Firefox/128.0"}


@pytest.fixture
def shop():
    Country.objects.create(iso_3166_1_a2="GB", iso_3166_1_a3="GBR", iso_3166_1_numeric="826",
                           printable_name="United Kingdom", name="United Kingdom",
                           is_shipping_country=True)
    lamp, bulb = make_product("Lamp"), make_product("Bulb")
    place_order(lamp, bulb)
    Event.objects.all().delete()
    return lamp, bulb


@pytest.fixture
def customer(django_user_model):
    return django_user_model.objects.create_user("eve", "eve@example.com", "pw-123456789")


def types(**filters):
    return list(Event.objects.filter(**filters).order_by("occurred_at")
                .values_list("type", flat=True))


def checkout(client, product):
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}, **BROWSER)
    client.get(reverse("checkout:index"), **BROWSER)
    client.get(reverse("checkout:shipping-address"), **BROWSER)
    client.post(reverse("checkout:shipping-address"), {
        "first_name": "Eve", "last_name": "Test", "line1": "1 High St", "line4": "London",
        "postcode": "SW1A 1AA", "country": "GB"}, **BROWSER)
    client.get(reverse("checkout:shipping-method"), **BROWSER)
    client.get(reverse("checkout:payment-method"), **BROWSER)
    client.get(reverse("checkout:preview"), **BROWSER)
    return client.post(reverse("checkout:preview"), {"action": "place_order"}, **BROWSER)


def test_a_shopping_journey_records_every_step(client, shop, customer):
    lamp, _ = shop
    client.get(reverse("catalogue:index"), **BROWSER)
    client.get(reverse("search:search") + "?q=lamp", **BROWSER)
    client.get(lamp.get_absolute_url(), **BROWSER)
    client.force_login(customer)
    response = checkout(client, lamp)
    assert response.status_code == 302 and "thank-you" in response["Location"]

    assert_one_journey(customer, [])


SHOPPING_STEPS = [EventType.LIST_VIEW, EventType.SEARCH, EventType.PRODUCT_VIEW,
                  EventType.BASKET_ADD, EventType.CHECKOUT_START, EventType.SHIPPING_ADDRESS,
                  EventType.SHIPPING_METHOD, EventType.PAYMENT_METHOD, EventType.PREVIEW,
                  EventType.PAYMENT, EventType.ORDER_PLACED]


def assert_one_journey(customer, extra_steps):
    """Every shopping step (and ``extra_steps``) recorded, by one visitor from the first
    page to the order, all credited to ``customer``; the search was for "lamp"."""
    recorded = set(types())
    for expected in [*SHOPPING_STEPS, *extra_steps]:
        assert expected in recorded, expected
    order = Order.objects.get(user=customer)
    placed = Event.objects.get(type=EventType.ORDER_PLACED)
    assert (placed.order, placed.value, placed.currency) == (order, order.total_incl_tax, "GBP")
    assert Event.objects.values("visitor_id").distinct().count() == 1
    assert not Event.objects.filter(user__isnull=True).exists()
    assert Event.objects.get(type=EventType.SEARCH).data == {"query": "lamp"}


def test_basket_removal_and_sign_in_are_recorded(client, shop, customer):
    lamp, _ = shop
    client.post(reverse("basket:add", kwargs={"pk": lamp.pk}), {"quantity": 1}, **BROWSER)
    line = client.get(reverse("basket:summary"), **BROWSER).context["basket"].all_lines()[0]
    client.post(reverse("basket:summary"), {
        "form-TOTAL_FORMS": 1, "form-INITIAL_FORMS": 1, "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 1000, "form-0-id": line.pk, "form-0-quantity": 1,
        "form-0-DELETE": "on"}, **BROWSER)
    client.post(reverse("customer:login"), {"login-username": "eve@example.com",
                                            "login-password": "pw-123456789",
                                            "login_submit": "1"}, **BROWSER)
    assert EventType.BASKET_REMOVE in types()
    assert EventType.SIGN_IN in types(user=customer)


def test_sign_up_stitches_the_anonymous_journey(client, shop):
    lamp, _ = shop
    client.get(lamp.get_absolute_url(), **BROWSER)
    client.post(reverse("customer:login"), {
        "registration-email": "new@example.com", "registration-password1": "a-long-pass-987",
        "registration-password2": "a-long-pass-987", "registration_submit": "1"}, **BROWSER)
    user = get_model("auth", "User").objects.get(email="new@example.com")
    assert set(types(user=user)) >= {EventType.PRODUCT_VIEW, EventType.SIGN_UP}


def test_global_privacy_control_and_do_not_track_leave_no_identifier(client, shop, customer):
    lamp, _ = shop
    client.force_login(customer)
    for header in ({"HTTP_SEC_GPC": "1"}, {"HTTP_DNT": "1"}):
        client.cookies.clear()
        client.force_login(customer)
        response = client.get(lamp.get_absolute_url(), **BROWSER, **header)
        assert "shop_vid" not in response.cookies and "shop_sid" not in response.cookies
    events = Event.objects.filter(type=EventType.PRODUCT_VIEW)
    assert events.count() == 2  # counted, anonymously
    assert not events.filter(visitor_id__isnull=False).exists()
    assert not events.filter(user__isnull=False).exists()


def test_crawlers_leave_no_events(client, shop):
    lamp, _ = shop
    client.get(lamp.get_absolute_url(),
               HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1; "
                               "+http://www.google.com/bot.html)")
    client.get(lamp.get_absolute_url(), HTTP_USER_AGENT="AhrefsBot/7.0")
    assert not Event.objects.exists()


def test_sessions_and_channels(client, shop, settings):
    lamp, _ = shop
    client.get(lamp.get_absolute_url(), HTTP_REFERER="https://www.bing.com/", **BROWSER)
    client.get(reverse("catalogue:index"), HTTP_REFERER="http://testserver/", **BROWSER)
    first = Event.objects.values_list("session_id", "channel", "source").distinct()
    assert list(first) == [(first[0][0], "search", "www.bing.com")]  # the landing decides
    client.cookies.pop("shop_sid")  # 30 minutes later: the session cookie has expired
    client.get(reverse("catalogue:index") + "?utm_source=newsletter&utm_medium=email"
               "&utm_campaign=spring", **BROWSER)
    latest = Event.objects.order_by("-occurred_at").first()
    assert (latest.channel, latest.campaign) == ("email", "spring")
    assert Event.objects.values("session_id").distinct().count() == 2
    assert Event.objects.values("visitor_id").distinct().count() == 1


def test_no_raw_ip_address_is_stored(client, shop):
    client.get(shop[0].get_absolute_url(), REMOTE_ADDR="203.0.113.9", **BROWSER)
    row = str(list(Event.objects.values()))
    assert "203.0.113.9" not in row


def test_replaying_an_event_is_a_no_op(shop):
    order = place_order(shop[0])  # order_placed recorded once already
    from oscar.apps.order.signals import order_placed

    order_placed.send(sender=None, order=order, user=None)
    order_placed.send(sender=None, order=order, user=None)
    assert Event.objects.filter(type=EventType.ORDER_PLACED, order=order).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("in_transaction", [False, True], ids=["autocommit", "transaction"])
def test_a_replayed_event_keeps_the_others_written_with_it(in_transaction):
    """One statement outside a transaction (the middleware's case), a savepoint inside."""
    replayed = tracker.event_id("replayed")
    tracker.record(EventType.EMAIL_OPENED, id=replayed)
    request = tracker.Tracker()
    request.record(EventType.EMAIL_OPENED, id=replayed)
    request.record(EventType.EMAIL_CLICKED)
    if in_transaction:
        with transaction.atomic():
            request.flush()
            assert Event.objects.count() == 2  # the transaction goes on
    else:
        request.flush()
    assert sorted(types()) == [EventType.EMAIL_CLICKED, EventType.EMAIL_OPENED]


@pytest.mark.django_db(transaction=True)
def test_the_single_insert_stores_what_the_orm_would(shop, customer):
    """Outside a transaction events skip the ORM: each column must come out the same."""
    order = place_order(shop[0], user=customer)
    fields = dict(product=shop[0], order=order, user=customer, value=order.total_incl_tax,
                  currency="GBP", basket_id=7, page_id=3, data={"mail": "x", "n": 1},
                  channel="email", source="news", medium="email", campaign="spring")
    fast, slow = tracker.Tracker(visitor_id=uuid.uuid4()), tracker.Tracker()
    fast.record(EventType.ORDER_PLACED, **fields)
    slow.record(EventType.ORDER_PLACED, **fields)
    slow.events[0]["visitor_id"] = fast.events[0]["visitor_id"]
    slow.events[0]["occurred_at"] = fast.events[0]["occurred_at"]
    assert connection.get_autocommit()
    fast.flush()
    with transaction.atomic():
        slow.flush()
    rows = list(Event.objects.filter(type=EventType.ORDER_PLACED, visitor_id=fast.visitor_id)
                .order_by("pk").values())
    assert len(rows) == 2
    for row in rows:
        row.pop("id")
    assert rows[0] == rows[1]
    assert rows[0]["product_id"] == shop[0].pk and rows[0]["data"] == {"mail": "x", "n": 1}


@pytest.mark.django_db(transaction=True)
def test_more_events_than_one_statement_takes_are_all_written():
    many = tracker.Tracker()
    for _ in range(tracker.INSERT_ROWS * 2 + 1):
        many.record(EventType.EMAIL_OPENED)
    many.flush()
    assert Event.objects.count() == tracker.INSERT_ROWS * 2 + 1


def test_checkout_completes_when_the_event_table_refuses_writes(client, shop, customer, caplog):
    refuse_inserts("funnel_event")  # a real failure: the database refuses every insert
    client.force_login(customer)
    with caplog.at_level(logging.ERROR):
        response = checkout(client, shop[0])
        page = client.get(shop[0].get_absolute_url(), **BROWSER)
    assert response.status_code == 302 and "thank-you" in response["Location"]
    assert page.status_code == 200
    assert Order.objects.filter(user=customer).count() == 1
    assert not Event.objects.exists()
    assert "Could not record" in caplog.text


def test_tracking_outside_requests_writes_at_once(shop):
    tracker.record(EventType.EMAIL_OPENED, data={"mail": "test"})
    assert types() == [EventType.EMAIL_OPENED]


def test_staff_pages_assets_and_configured_paths_are_not_visits(client, shop, settings):
    client.get(reverse("dashboard:index"), **BROWSER)
    client.get(settings.STATIC_URL + "oscar/css/styles.css", **BROWSER)
    assert not Event.objects.exists()
    settings.FUNNEL_UNTRACKED_PATHS = [reverse("search:search")]
    client.get(reverse("search:search") + "?q=lamp", **BROWSER)
    assert not Event.objects.exists()
    client.get(shop[0].get_absolute_url(), **BROWSER)
    assert EventType.PRODUCT_VIEW in types() and EventType.SEARCH not in types()
