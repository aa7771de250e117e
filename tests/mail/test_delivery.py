"""Claim, then send: at most once, refused mails retried, interrupted ones reported."""

from collections import Counter

import pytest
from django.core import mail

from shop.mail import delivery
from shop.mail.models import Delivery

pytestmark = pytest.mark.django_db
KIND = "test_mail"


def send(sending):
    mail.send_mail("Hello", "Body", "shop@example.com", [sending.email])


def statuses():
    return Counter(Delivery.objects.values_list("status", flat=True))


def test_each_recipient_is_mailed_once_however_often_it_runs():
    assert delivery.queue(KIND, 1, [("A@Example.com ", None), ("b@example.com", None)]) == 2
    assert delivery.queue(KIND, 1, [("a@example.com", None)]) == 0  # queued already
    first, second = delivery.send_pending(KIND, send), delivery.send_pending(KIND, send)
    assert (first.sent, second.sent) == (2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]


def test_a_delivery_claimed_by_another_run_is_left_to_it():
    delivery.queue(KIND, 1, [("a@example.com", None)])
    row = Delivery.objects.get()
    assert delivery.claim(row) and not delivery.claim(row)  # the second run loses
    outcome = delivery.send_pending(KIND, send)
    assert outcome.sent == 0 and mail.outbox == []
    assert outcome.interrupted == 1  # still "sending": reported, not resent


def test_reserved_addresses_and_leavers_are_skipped_with_a_reason(left_basket):
    from shop.mail import lists

    lists.get("basket_reminders").opt_out("gone@example.com")
    delivery.queue("basket_reminder", 9, [("customer-1@example.invalid", None),
                                          ("gone@example.com", None)])
    outcome = delivery.send_pending("basket_reminder", send)
    assert outcome.skipped == {"undeliverable address": 1, "unsubscribed": 1}
    assert mail.outbox == [] and statuses() == {Delivery.SKIPPED: 2}


def test_a_refused_mail_is_retried_then_given_up_at_the_default_limit():
    """``MAIL_MAX_ATTEMPTS`` defaults to 3: two refusals leave it pending, the third fails it."""
    delivery.queue(KIND, 1, [("a@example.com", None)])

    def refused(sending):
        raise ConnectionRefusedError("mail server down")

    for expected in (Delivery.PENDING, Delivery.PENDING, Delivery.FAILED):
        outcome = delivery.send_pending(KIND, refused)
        assert outcome.failed == 1 and statuses() == {expected: 1}
    row = Delivery.objects.get()
    assert row.attempts == 3 and "mail server down" in row.error
    assert delivery.send_pending(KIND, send).sent == 0  # given up stays given up


def test_an_interrupted_delivery_is_reported_and_only_resent_on_request():
    delivery.queue(KIND, 1, [("a@example.com", None), ("b@example.com", None)])

    def killed(sending):
        send(sending)
        raise KeyboardInterrupt  # the process dies after handing the mail over

    with pytest.raises(KeyboardInterrupt):
        delivery.send_pending(KIND, killed)
    assert len(mail.outbox) == 1
    outcome = delivery.send_pending(KIND, send)
    assert outcome.sent == 1 and outcome.interrupted == 1 and len(mail.outbox) == 2
    assert delivery.retry_interrupted(KIND) == 1
    assert delivery.send_pending(KIND, send).sent == 1  # knowingly sent again
