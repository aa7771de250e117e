"""What a visitor sends cannot rewrite the figures: a made-up visitor id is not
adopted, labels are stored clean and short, CSV cells cannot become formulas,
and an order is credited only to a campaign that exists."""

import csv
import io
import re
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from funnel import mail, middleware, rollups
from funnel.channels import clean
from funnel.models import DailyRollup, Event, EventType
from tests.funnel.test_capture import BROWSER, checkout, shop  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_visitor_id_the_client_made_up_is_not_adopted(client):
    someone_else = str(uuid.uuid4())
    client.cookies["shop_vid"] = someone_else
    client.get(reverse("catalogue:index"), **BROWSER)
    visit = Event.objects.get(type=EventType.LIST_VIEW)
    assert str(visit.visitor_id) != someone_else and visit.new_visitor


def test_a_returning_visitor_is_known_by_the_signed_cookie(client):
    client.get(reverse("catalogue:index"), **BROWSER)
    first = Event.objects.get()
    client.cookies.pop("shop_sid")  # the session ended; the visitor comes back later
    client.get(reverse("catalogue:index"), **BROWSER)
    second = Event.objects.exclude(pk=first.pk).get()
    assert second.visitor_id == first.visitor_id
    assert (first.new_visitor, second.new_visitor) == (True, False)
    assert second.session_id != first.session_id


def test_cookies_are_renewed_once_a_visit_and_once_a_minute(client):
    client.get(reverse("catalogue:index"), **BROWSER)
    assert "shop_vid" in client.cookies and "shop_sid" in client.cookies
    page = client.get(reverse("catalogue:index"), **BROWSER)
    assert "shop_vid" not in page.cookies and "shop_sid" not in page.cookies  # mid-visit
    # The session cookie as the client holds it a minute after its last renewal.
    session = signing.loads(client.cookies["shop_sid"].value, salt=middleware.SESSION_SALT)
    session["renewed"] -= middleware.SESSION_RENEWAL_SECONDS
    client.cookies["shop_sid"] = signing.dumps(session, salt=middleware.SESSION_SALT,
                                               compress=True)
    page = client.get(reverse("catalogue:index"), **BROWSER)
    assert "shop_vid" not in page.cookies and "shop_sid" in page.cookies
    assert signing.loads(page.cookies["shop_sid"].value,
                         salt=middleware.SESSION_SALT)["id"] == session["id"]  # same visit
    client.cookies.pop("shop_sid")  # a new visit
    assert "shop_vid" in client.get(reverse("catalogue:index"), **BROWSER).cookies
    client.cookies.pop("shop_vid")  # a lost visitor cookie mid-visit
    again = client.get(reverse("catalogue:index"), **BROWSER)
    assert "shop_vid" in again.cookies
    assert len(set(Event.objects.values_list("session_id", flat=True))) == 2


def test_labels_are_stored_without_control_characters_and_within_their_columns(client):
    long_host = "https://" + "a" * 1800 + ".example.org/page"
    client.get(reverse("catalogue:index"), HTTP_REFERER=long_host, **BROWSER)
    referral = Event.objects.get()
    assert len(referral.source) == 100 and referral.channel == "referral"
    client.cookies.clear()
    client.get(reverse("catalogue:index") + "?utm_source=ne%00ws%1bletter&utm_medium=email"
               "&utm_campaign=%E2%80%AEspring%0D%0A", **BROWSER)
    tagged = Event.objects.exclude(pk=referral.pk).get()
    assert (tagged.source, tagged.medium, tagged.campaign) == ("newsletter", "email", "spring")
    assert clean("x" * 300) == "x" * 100


def test_orders_are_credited_only_to_campaigns_that_exist(client, shop, settings):  # noqa: F811
    """``utm_campaign=newsletter-1`` typed by anyone is "other campaigns"; a campaign
    whose mail was sent, or one the operator declared, is credited."""
    lamp, _ = shop
    mail.record_sent("newsletter", 7, "ann@example.com", campaign="newsletter-7")
    settings.FUNNEL_CAMPAIGNS = ["spring-sale"]
    for campaign in ("newsletter-7", "newsletter-1", "spring-sale", "=hyperlink(x)"):
        visitor = Client()
        visitor.get(f"/?utm_source=x&utm_medium=email&utm_campaign={campaign}", **BROWSER)
        visitor.force_login(get_user_model().objects.create_user(campaign[:20]))
        checkout(visitor, lamp)
    rollups.build(now=timezone.now() + timedelta(days=1))
    credited = dict(DailyRollup.objects.filter(type=rollups.ATTRIBUTED["email"])
                    .values_list("campaign", "events"))
    assert credited == {"newsletter-7": 1, "spring-sale": 1, rollups.OTHER_CAMPAIGNS: 2}


def test_csv_cells_cannot_start_a_formula_and_money_has_two_decimals(client, shop):  # noqa: F811
    lamp, _ = shop
    staff = get_user_model().objects.create_user("boss", "boss@example.com", "pw",
                                                 is_staff=True)
    visitor = Client()
    visitor.get("/?utm_source=x&utm_medium=email&utm_campaign==hyperlink(1)", **BROWSER)
    visitor.force_login(staff)
    checkout(visitor, lamp)
    mail.record_sent("=cmd|' /C calc'!A0", 1, "ann@example.com")
    rollups.build(now=timezone.now() + timedelta(days=1))
    client.force_login(staff)
    today = timezone.localdate()
    response = client.get(reverse("dashboard:funnel-report"), {
        "start": today - timedelta(days=1), "end": today, "export": "mail"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [value for row in rows[1:] for value in row]
    assert cells and not any(value.startswith(("=", "+", "@")) for value in cells)
    assert "'=cmd|' /C calc'!A0" in cells
    revenue = rows[0].index("revenue")
    assert rows[1:] and all(re.fullmatch(r"\d+\.\d\d", row[revenue]) for row in rows[1:])
