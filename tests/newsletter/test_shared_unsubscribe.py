"""In this shop the plugins' automated mails carry the shared one-click unsubscribe
link (the project overrides their templates); each plugin's own opt-out stays."""

import re

import pytest
from django.core import mail as outbox

from funnel.models import BasketReminder, ReminderOptOut
from funnel.reminders import send_basket_reminders
from tests.funnel.test_mail_and_reminders import left_basket  # noqa: F401

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
