"""The subscriber list in Wagtail: status, dates, counts per status, CSV export;
nobody is added by hand."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from shop.newsletter.models import Subscriber

pytestmark = pytest.mark.django_db
LIST = "/cms/snippets/newsletter/subscriber/"


@pytest.fixture
def readers():
    now = timezone.now()
    for number in range(3):
        Subscriber.objects.create(email=f"in{number}@example.com", requested_at=now,
                                  confirmed_at=now)
    Subscriber.objects.create(email="wait@example.com", requested_at=now)
    Subscriber.objects.create(email="gone@example.com", requested_at=now - timedelta(days=9),
                              confirmed_at=now - timedelta(days=9), unsubscribed_at=now)


def test_the_list_shows_each_status_with_its_count(admin_client, readers):
    page = admin_client.get(LIST).content.decode()
    assert "Subscribed (3)" in page and "Waiting for confirmation (1)" in page
    assert "Unsubscribed (1)" in page and "gone@example.com" in page
    waiting = admin_client.get(LIST, {"status": "waiting"}).content.decode()
    assert "wait@example.com" in waiting and "in0@example.com" not in waiting


def test_the_list_exports_as_csv(admin_client, readers):
    response = admin_client.get(LIST, {"export": "csv", "status": "subscribed"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:2] == ["Email", "Status"]
    assert sorted(row[0] for row in rows[1:]) == [f"in{n}@example.com" for n in range(3)]
    assert {row[1] for row in rows[1:]} == {"Subscribed"}


def test_an_address_cannot_become_a_spreadsheet_formula(admin_client):
    Subscriber.objects.create(email="=cmd|'/ccalc'!a0@example.org",
                              requested_at=timezone.now())
    response = admin_client.get(LIST, {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    emails = [row[0] for row in csv.reader(io.StringIO(body))][1:]
    assert emails == ["'=cmd|'/ccalc'!a0@example.org"]


def test_erasing_a_subscriber_erases_their_deliveries(admin_client, readers):
    from shop.mail.models import Delivery

    Delivery.objects.create(kind="newsletter", mail_id=1, email="gone@example.com")
    Delivery.objects.create(kind="newsletter", mail_id=1, email="in0@example.com")
    Subscriber.objects.get(email="gone@example.com").delete()
    assert list(Delivery.objects.values_list("email", flat=True)) == ["in0@example.com"]


def test_nobody_is_subscribed_by_hand(admin_client):
    refused = admin_client.post(LIST + "add/", {"email": "someone@example.com"})
    assert refused.status_code == 302 and refused["Location"] == "/cms/"  # permission denied
    assert not Subscriber.objects.exists()
    assert LIST + "add/" not in admin_client.get(LIST).content.decode()
