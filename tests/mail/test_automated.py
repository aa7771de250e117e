"""The automated mails: basket reminders and review requests, once each, measured,
sent through the shared lists and deliveries."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from oscar.apps.partner.strategy import Default
from oscar.core.loading import get_model

from funnel.models import Event, EventType
from shop.mail import lists
from shop.mail.automated import BasketReminders, ReviewRequests
from shop.mail.models import Delivery
from tests.factories import make_product, place_order
from tests.reviews.test_requests import aged, customer  # noqa: F401

Basket = get_model("basket", "Basket")
ReviewRequest = get_model("reviews", "ReviewRequest")
pytestmark = pytest.mark.django_db


def test_one_reminder_per_abandoned_basket_with_measured_links(left_basket, django_user_model):
    fresh = Basket.objects.create(owner=django_user_model.objects.create_user(
        "new", "n@example.com", "pw"))
    fresh.strategy = Default()
    fresh.add_product(make_product("Kettle"))  # touched just now: not abandoned
    guest = Basket.objects.create()
    guest.strategy = Default()
    guest.add_product(make_product("Mug"))

    call_command("send_basket_reminders")
    call_command("send_basket_reminders")
    assert [m.to for m in mail.outbox] == [["lea@example.com"]]
    message = mail.outbox[0]
    assert "Lantern" in message.body and "/t/c/" in message.body
    assert "/t/o/" in message.alternatives[0][0]
    sent = Event.objects.get(type=EventType.EMAIL_SENT)
    assert sent.data["mail_id"] == str(left_basket.pk) and sent.value == left_basket.total_incl_tax
    unsubscribe = re.search(r"No more basket reminders: (\S+)", message.body).group(1)
    assert "/mail/unsubscribe/" in unsubscribe and "lea" not in unsubscribe


def test_no_reminder_to_a_reserved_address_or_a_leaver(left_basket, django_user_model):
    owner = left_basket.owner
    owner.email = "customer-7@example.invalid"
    owner.save()
    assert BasketReminders.send().skipped == {"undeliverable address": 1}
    other = django_user_model.objects.create_user("mo", "mo@example.com", "pw")
    lists.get("basket_reminders").opt_out("MO@example.com")
    Basket.objects.filter(pk=left_basket.pk).update(owner=other)
    Delivery.objects.all().delete()
    assert BasketReminders.send().skipped == {"unsubscribed": 1}
    assert mail.outbox == []


def test_a_reminder_goes_to_the_address_it_was_checked_for(left_basket):
    from shop.mail import delivery

    delivery.queue(BasketReminders.kind, left_basket.pk, [("lea@example.com", None)])
    owner = left_basket.owner
    owner.email = "customer-7@example.invalid"  # changed after the delivery was queued
    owner.save()
    assert BasketReminders.send().skipped == {"address changed since queued": 1}
    assert mail.outbox == []


def test_a_dry_run_counts_only_what_a_run_would_mail(customer, django_user_model):  # noqa: F811
    aged(place_order(make_product("Lamp"), user=customer), days=8)
    imported = django_user_model.objects.create_user("imp", "customer-1@example.invalid")
    aged(place_order(make_product("Bulb"), user=imported), days=8)
    dry = ReviewRequests.send(dry_run=True)
    assert (len(dry.sent), dry.skipped) == (1, {"undeliverable address": 1})
    assert mail.outbox == [] and not Delivery.objects.exists()
    assert len(ReviewRequests.send().sent) == 1


def test_review_requests_go_through_the_shops_deliveries(customer):  # noqa: F811
    aged(place_order(make_product("Lamp"), make_product("Bulb"), user=customer), days=8)
    call_command("send_review_requests")  # REVIEWS_REQUEST_SENDER: the mail app's
    call_command("send_review_requests")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert len(re.findall(r"http://\S+/t/c/\S+", message.body)) == 2
    assert "/t/o/" in message.alternatives[0][0]
    assert Event.objects.filter(type=EventType.EMAIL_SENT,
                                data__mail="review_request").count() == 1
    assert Delivery.objects.get(kind="review_request").status == Delivery.SENT

    url = re.search(r"http://[^/]+(/mail/unsubscribe/\S+/)", message.body).group(1)
    from django.test import Client

    Client().post(url)
    aged(place_order(make_product("Shade"), user=customer), days=8)
    call_command("send_review_requests")
    assert len(mail.outbox) == 1
    assert Delivery.objects.filter(status=Delivery.SKIPPED, error="unsubscribed").count() == 1


def test_orders_the_plugin_already_asked_about_are_not_asked_again(customer):  # noqa: F811
    order = aged(place_order(make_product("Lamp"), user=customer), days=8)
    ReviewRequest.objects.create(order=order, email=customer.email, products=1)
    call_command("send_review_requests")
    assert mail.outbox == [] and not Delivery.objects.exists()
