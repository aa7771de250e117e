"""Review-request mails: due orders only, once per order, honest links, opt-out."""

import re
import threading
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone
from oscar.core.loading import get_model

from reviews import tokens
from reviews.requests import send_review_requests
from tests.concurrency import run_together
from tests.factories import make_product, place_order

Order = get_model("order", "Order")
ProductReview = get_model("reviews", "ProductReview")
ReviewRequest = get_model("reviews", "ReviewRequest")
CommunicationEvent = get_model("order", "CommunicationEvent")

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(django_user_model):
    return django_user_model.objects.create_user("kim", "kim@example.com", "pw",
                                                 first_name="Kim", last_name="Lee")


def aged(order, days, status="Complete"):
    Order.objects.filter(pk=order.pk).update(
        date_placed=timezone.now() - timedelta(days=days), status=status)
    return order


def links(message):
    """The mail's review links: straight to the review form (the plugin's own mail) or
    measured, through a click redirect (a shop that measures its mail, as this one)."""
    return re.findall(r"https?://\S+(?:/t/c/|/reviews/add/)\S+", message.body)


def review_path(client, link):
    """Follow a link as a mail reader does: the review form's path."""
    path = re.sub(r"^https?://[^/]+", "", link)
    if "/reviews/add/" in path:
        return path
    response = client.get(path)
    assert response.status_code == 302
    return response["Location"]


def test_one_mail_per_due_order_and_never_twice(customer):
    lamp, bulb = make_product("Lamp"), make_product("Bulb")
    aged(place_order(lamp, bulb, user=customer), days=8)
    aged(place_order(make_product("Too Recent"), user=customer), days=2)

    first = send_review_requests()
    second = send_review_requests()
    call_command("send_review_requests")

    assert len(first.sent) == 1 and second.sent == []
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kim@example.com"]
    assert "Lamp" in message.body and "Bulb" in message.body and "Too Recent" not in message.body
    assert len(links(message)) == 2 and "unsubscribe/" in message.body
    assert CommunicationEvent.objects.get().event_type.code == "REVIEW_REQUEST"


class MeetingServer(EmailBackend):
    """A mail server that holds the first two messages until both are in hand: two
    runs at once, each mid-send, before either goes on."""

    meeting = threading.Barrier(2)
    waited = []

    def send_messages(self, messages):
        if len(self.waited) < 2:
            self.waited.append(messages[0].to[0])
            self.meeting.wait(timeout=30)
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_ask_about_each_order_once(customer, django_user_model, settings):
    """Whichever run claims the first order holds it mid-send until the other run has
    mailed the second; the first run listed the second order before anyone claimed
    it, so when it gets there only the claim's unique constraint stops a second mail."""
    settings.EMAIL_BACKEND = f"{__name__}.MeetingServer"
    MeetingServer.meeting.reset()
    MeetingServer.waited.clear()
    other = django_user_model.objects.create_user("ola", "ola@example.com", "pw")
    aged(place_order(make_product("Lamp"), user=customer), days=8)
    aged(place_order(make_product("Bulb"), user=other), days=9)

    outcomes = run_together(2, lambda _: send_review_requests())

    assert sorted(message.to[0] for message in mail.outbox) == [
        "kim@example.com", "ola@example.com"]
    assert sorted(number for o in outcomes for number in o.sent) == sorted(
        Order.objects.values_list("number", flat=True))
    assert sum(o.skipped.get("already asked", 0) for o in outcomes) >= 1
    assert sorted(MeetingServer.waited) == ["kim@example.com", "ola@example.com"]
    assert ReviewRequest.objects.count() == 2


def test_products_already_reviewed_are_not_asked_about(customer):
    lamp, bulb = make_product("Lamp"), make_product("Bulb")
    order = aged(place_order(lamp, bulb, user=customer), days=8)
    ProductReview.objects.create(product=lamp, user=customer, score=5, title="t",
                                 body="body text")
    send_review_requests()
    assert "Lamp" not in mail.outbox[0].body and "Bulb" in mail.outbox[0].body
    ProductReview.objects.create(product=bulb, user=customer, score=4, title="t",
                                 body="body text")
    ReviewRequest.objects.filter(order=order).delete()
    assert send_review_requests().skipped == {"everything already reviewed": 1}


def test_synthetic_imported_addresses_are_never_mailed(django_user_model):
    imported = django_user_model.objects.create_user(
        "customer-12346", "customer-12346@example.invalid", None)
    aged(place_order(make_product("Lamp"), user=imported), days=8)
    assert send_review_requests().skipped == {"no deliverable address": 1}
    assert mail.outbox == []


def test_the_reviews_apps_own_unsubscribe_page_still_works(client, customer):
    """Without the shop's mail templates the reviews app links to its own page."""
    first = aged(place_order(make_product("Lamp"), user=customer), days=8)
    asked = ReviewRequest.objects.create(order=first, email="kim@example.com", products=1)
    token = tokens.unsubscribe_token(asked)
    assert signing.loads(token, salt=tokens.UNSUBSCRIBE_SALT) == asked.pk  # no address
    url = f"/reviews/unsubscribe/{token}/"
    assert b"Stop review requests to kim@example.com" in client.get(url).content
    assert b"will not ask" in client.post(url).content
    aged(place_order(make_product("Bulb"), user=customer), days=8)
    assert send_review_requests().skipped == {"unsubscribed": 1}
    assert client.get("/reviews/unsubscribe/forged/").status_code == 404


def test_the_mailed_link_opens_the_form_for_that_product_only(client, customer):
    lamp, bulb = make_product("Lamp"), make_product("Bulb")
    aged(place_order(lamp, user=customer), days=8)
    send_review_requests()
    path = review_path(client, links(mail.outbox[0])[0])
    token = path.split("token=")[1]

    assert client.get(path).status_code == 200  # not signed in: the token speaks
    response = client.post(path.split("?")[0], {"token": token, "score": 5, "title": "Bright",
                                                "body": "Lights up the whole garden."})
    assert response.status_code == 302
    review = ProductReview.objects.get()
    assert (review.user, review.product, review.is_verified) == (customer, lamp, True)

    other = f"/catalogue/{bulb.slug}_{bulb.pk}/reviews/add/"
    client.post(other, {"token": token, "score": 1, "title": "x", "body": "forged attempt"})
    forged = tokens.review_token(customer.pk, lamp.pk)[:-3] + "abc"
    client.post(path.split("?")[0], {"token": forged, "score": 1, "title": "x",
                                     "body": "forged attempt"})
    assert ProductReview.objects.count() == 1


def test_a_failed_send_releases_the_claim_for_the_next_run(customer, settings):
    aged(place_order(make_product("Lamp"), user=customer), days=8)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    outcome = send_review_requests()  # nothing listens on port 9: connection refused
    assert outcome.failed and not ReviewRequest.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert len(send_review_requests().sent) == 1


def test_only_completed_orders_are_asked_counting_from_completion(customer):
    lamp = make_product("Lamp")
    pending = aged(place_order(lamp, user=customer), days=20, status="Pending")
    assert send_review_requests().sent == []
    # Completed two days ago (a week after it was placed): not due yet.
    Order.objects.filter(pk=pending.pk).update(status="Complete")
    pending.status_changes.create(old_status="Pending", new_status="Complete")
    pending.status_changes.update(date_created=timezone.now() - timedelta(days=2))
    assert send_review_requests().sent == []
    pending.status_changes.update(date_created=timezone.now() - timedelta(days=8))
    assert send_review_requests().sent == [str(pending.number)]
