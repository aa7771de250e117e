"""In this shop the plugins' automated mails carry the shared one-click unsubscribe
link (the project overrides their templates); each plugin's own opt-out stays."""

import re

import pytest
from django.core import mail
from django.core import mail as outbox

from funnel.models import BasketReminder, Event, EventType, ReminderOptOut
from funnel.reminders import send_basket_reminders
from reviews.requests import send_review_requests
from tests.factories import make_product, place_order
from tests.funnel.test_mail_and_reminders import left_basket  # noqa: F401
from tests.reviews.test_requests import aged, customer  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_basket_reminder_carries_the_shops_one_click_link(left_basket, client):  # noqa: F811
    send_basket_reminders()
    link = re.search(r"No more reminders: (\S+)", outbox.outbox[0].body).group(1)
    assert "/mail/unsubscribe/" in link  # the shop's one-click link, not a measured click
    response = client.get(re.sub(r"^https?://[^/]+", "", link))  # one click
    assert response.status_code == 200 and "no more reminders about your basket" in (
        response.content.decode())
    assert ReminderOptOut.objects.filter(email="lea@example.com").exists()
    BasketReminder.objects.all().delete()
    assert send_basket_reminders() == ([], {"unsubscribed": 1})


def test_a_review_request_is_measured(customer):  # noqa: F811
    aged(place_order(make_product("Lamp"), make_product("Bulb"), user=customer), days=8)
    send_review_requests()
    message = mail.outbox[0]
    assert len(re.findall(r"http://\S+/t/c/\S+", message.body)) == 2
    html = message.alternatives[0][0]
    assert "/t/o/" in html and html.count("/t/c/") == 2  # an open pixel, measured links
    assert Event.objects.filter(type=EventType.EMAIL_SENT, data__mail="review_request").count() == 1


def test_the_unsubscribe_link_is_honoured_in_one_click(client, customer):  # noqa: F811
    aged(place_order(make_product("Lamp"), user=customer), days=8)
    send_review_requests()
    url = re.search(r"http://[^/]+(/mail/unsubscribe/\S+/)", mail.outbox[0].body).group(1)
    assert b"no more requests to review what you bought to kim@example.com" in (
        client.get(url).content)
    aged(place_order(make_product("Bulb"), user=customer), days=8)
    assert send_review_requests().skipped == {"unsubscribed": 1}
    assert len(mail.outbox) == 1
    assert client.get("/mail/unsubscribe/forged/").status_code == 404
