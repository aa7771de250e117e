"""One unsubscribe for every list: GET asks, POST leaves, the link names no address."""

import re

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from shop.mail import lists
from shop.mail.models import Delivery, OptOut
from shop.newsletter.models import Subscriber

pytestmark = pytest.mark.django_db


def link(kind, email):
    sent = Delivery.objects.create(kind=kind, mail_id=1, email=email, status=Delivery.SENT)
    return re.sub(r"^https?://[^/]+", "", lists.unsubscribe_url(sent))


def test_the_link_carries_a_delivery_id_never_the_address():
    path = link("basket_reminder", "lea@example.com")
    token = path.rstrip("/").rsplit("/", 1)[-1]
    assert signing.loads(token, salt=lists.SALT) == Delivery.objects.get().pk


@pytest.mark.parametrize("kind, email, left", [
    ("newsletter", "eve@example.com",
     lambda: not Subscriber.objects.get().is_confirmed),
    ("basket_reminder", "lea@example.com",
     lambda: OptOut.objects.filter(list="basket_reminders", email="lea@example.com").exists()),
    ("review_request", "kim@example.com",
     lambda: __import__("reviews.models").models.ReviewMailOptOut.objects.filter(
         email="kim@example.com").exists()),
])
def test_get_only_asks_post_unsubscribes_and_undo_comes_back(client, kind, email, left):
    now = timezone.now()
    Subscriber.objects.create(email="eve@example.com", requested_at=now, confirmed_at=now)
    path = link(kind, email)
    page = client.get(path)  # what a mail scanner does
    assert page.status_code == 200 and b'id="unsubscribe-form"' in page.content
    assert email.encode() in page.content and not left()
    done = client.post(path)
    assert b'id="unsubscribed"' in done.content and left()
    assert lists.for_kind(kind).label.encode() in done.content
    client.post(path, {"action": "undo"})
    assert not left()


def test_a_mail_apps_one_click_post_needs_no_page_and_no_csrf_token():
    now = timezone.now()
    Subscriber.objects.create(email="eve@example.com", requested_at=now, confirmed_at=now)
    path = link("newsletter", "eve@example.com")
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and not Subscriber.objects.get().is_confirmed


def test_forged_altered_and_unknown_links_are_refused(client):
    path = link("newsletter", "eve@example.com")
    forged = client.get("/mail/unsubscribe/forged/")
    assert forged.status_code == 404 and b'id="invalid-link"' in forged.content
    assert client.get(path.replace("/mail/unsubscribe/", "/mail/unsubscribe/x")
                      ).status_code == 404
    unknown = signing.dumps(10**9, salt=lists.SALT)
    assert client.post(f"/mail/unsubscribe/{unknown}/").status_code == 404


def test_links_mailed_before_tokens_named_deliveries_still_work(client):
    old = signing.dumps({"l": "basket_reminders", "e": "lea@example.com"}, salt=lists.SALT,
                        compress=True)
    client.post(f"/mail/unsubscribe/{old}/")
    assert OptOut.objects.filter(list="basket_reminders", email="lea@example.com").exists()
