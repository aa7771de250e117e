"""Double opt-in, one-click unsubscribe, and nothing stored beyond consent."""

import base64
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from shop.newsletter import subscriptions
from shop.newsletter.models import Subscriber

pytestmark = pytest.mark.django_db


def confirm_path(message):
    return re.search(r"http://[^/\s]+(/newsletter/confirm/\S+/)", message.body).group(1)


def test_double_opt_in(client):
    response = client.post("/newsletter/", {"email": " Ann@Example.com "})
    assert response.status_code == 200 and b"Almost done" in response.content
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ann@example.com" and not subscriber.is_confirmed
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ann@example.com"]

    path = confirm_path(mail.outbox[0])
    page = client.get(path)  # a mail scanner following the link gives no consent
    assert b"Yes, subscribe me" in page.content
    assert not Subscriber.objects.get().is_confirmed
    assert b"now gets our newsletter" in client.post(path).content
    subscriber = Subscriber.objects.get()
    assert subscriber.is_confirmed and subscriber.confirmed_at >= subscriber.requested_at


def test_only_the_address_and_consent_times_are_stored():
    fields = {f.name for f in Subscriber._meta.get_fields() if not f.auto_created}
    assert fields == {"email", "requested_at", "confirmed_at", "unsubscribed_at"}


def test_the_answer_never_tells_who_subscribes_and_mails_are_rate_limited(client):
    client.post("/newsletter/", {"email": "bo@example.com"})
    client.post(confirm_path(mail.outbox[0]))
    again = client.post("/newsletter/", {"email": "bo@example.com"})
    assert b"Almost done" in again.content and len(mail.outbox) == 1  # subscribed: no mail

    client.post("/newsletter/", {"email": "cy@example.com"})
    client.post("/newsletter/", {"email": "cy@example.com"})  # within ten minutes
    assert len(mail.outbox) == 2
    Subscriber.objects.filter(email="cy@example.com").update(
        requested_at=timezone.now() - timedelta(minutes=11))
    client.post("/newsletter/", {"email": "cy@example.com"})
    assert len(mail.outbox) == 3


def test_bad_input_gets_a_clear_message_and_bots_get_nothing(client):
    response = client.post("/newsletter/", {"email": "not an address"})
    assert response.status_code == 400 and b"Enter a valid email address" in response.content
    assert client.post("/newsletter/", {"email": "bot@example.com", "website": "x"}
                       ).status_code == 200
    assert mail.outbox == [] and not Subscriber.objects.exists()


def test_forged_and_expired_confirmations_are_refused(client, settings):
    assert client.get("/newsletter/confirm/forged/").status_code == 404
    assert client.post("/newsletter/confirm/forged/").status_code == 404
    client.post("/newsletter/", {"email": "dee@example.com"})
    path = confirm_path(mail.outbox[0])
    settings.NEWSLETTER_CONFIRM_MAX_AGE_DAYS = -1  # every link is now too old
    assert client.post(path).status_code == 404
    assert not Subscriber.objects.get().is_confirmed


def test_coming_back_after_unsubscribing_needs_a_new_confirmation(client):
    now = timezone.now() - timedelta(days=30)
    Subscriber.objects.create(email="fay@example.com", requested_at=now, confirmed_at=now,
                              unsubscribed_at=now)
    assert subscriptions.request_subscription("fay@example.com")
    assert not Subscriber.objects.get().is_confirmed
    client.post(confirm_path(mail.outbox[0]))
    assert Subscriber.objects.get().is_confirmed


def test_the_confirmation_link_does_not_carry_the_address(client):
    client.post("/newsletter/", {"email": "gus@example.com"})
    token = confirm_path(mail.outbox[0]).rstrip("/").rsplit("/", 1)[-1]
    payload = token.split(":")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert b"gus" not in decoded and b"example" not in decoded
    assert subscriptions.read_confirm_token(token) == Subscriber.objects.get()


def test_reserved_addresses_are_neither_stored_nor_mailed(client):
    for email in ("customer-12@example.invalid", "ann@shop.test", "bo@mail.localhost"):
        response = client.post("/newsletter/", {"email": email})
        assert response.status_code == 400 and b"cannot receive mail" in response.content
    assert not subscriptions.request_subscription("customer-12@example.invalid")
    assert mail.outbox == [] and not Subscriber.objects.exists()


def test_one_client_gets_five_sign_ups_an_hour_at_the_default_limit(client):
    for number in range(5):
        assert client.post("/newsletter/", {"email": f"a{number}@example.com"}
                           ).status_code == 200
    refused = client.post("/newsletter/", {"email": "a5@example.com"})
    assert refused.status_code == 429 and b"Too many sign-ups" in refused.content
    assert len(mail.outbox) == 5 and Subscriber.objects.count() == 5
    other = client.post("/newsletter/", {"email": "b@example.com"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200 and len(mail.outbox) == 6


def test_the_shop_sends_at_most_its_hourly_budget_of_confirmations(client, settings):
    settings.NEWSLETTER_SIGNUPS_PER_HOUR = 3
    for number in range(3):
        client.post("/newsletter/", {"email": f"c{number}@example.com"},
                    REMOTE_ADDR=f"10.0.1.{number}")
    busy = client.post("/newsletter/", {"email": "late@example.com"}, REMOTE_ADDR="10.0.2.1")
    assert busy.status_code == 503 and b"try again in an hour" in busy.content
    assert len(mail.outbox) == 3 and not Subscriber.objects.filter(
        email="late@example.com").exists()


def test_deploy_check_warns_when_the_limits_are_per_process(settings):
    from shop.newsletter.checks import check_shared_cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in check_shared_cache(None)] == ["newsletter.W001"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379"}}
    assert check_shared_cache(None) == []


def test_behind_a_proxy_each_client_is_counted_by_the_address_the_proxy_saw(client,
                                                                             settings):
    settings.TRUSTED_PROXY_HOPS = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for number in range(5):  # one client, claiming a new address in front each time
        client.post("/newsletter/", {"email": f"p{number}@example.com"}, **proxy,
                    HTTP_X_FORWARDED_FOR=f"1.2.3.{number}, 203.0.113.7")
    refused = client.post("/newsletter/", {"email": "p5@example.com"}, **proxy,
                          HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7")
    assert refused.status_code == 429
    other = client.post("/newsletter/", {"email": "q@example.com"}, **proxy,
                        HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert other.status_code == 200


def test_typos_do_not_use_up_a_visitors_tries(client):
    for _ in range(6):
        client.post("/newsletter/", {"email": "not-an-address"})
    assert client.post("/newsletter/", {"email": "ok@example.com"}).status_code == 200
