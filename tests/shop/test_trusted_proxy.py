"""Behind reverse proxies, rate limits count each client by its own address."""

import pytest
from django.test import RequestFactory

from shop.middleware import TrustedProxyMiddleware


def client_address(settings, hops, remote, forwarded=None):
    settings.TRUSTED_PROXY_HOPS = hops
    seen = {}

    def view(request):
        seen["address"] = request.META["REMOTE_ADDR"]

    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    TrustedProxyMiddleware(view)(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))
    return seen["address"]


def test_without_proxies_the_header_is_the_clients_own_words(settings):
    assert client_address(settings, 0, "198.51.100.4", "10.9.9.9") == "198.51.100.4"


@pytest.mark.parametrize(("hops", "forwarded", "expected"), [
    (1, "203.0.113.7", "203.0.113.7"),
    # What the client wrote itself stays on the left.
    (1, "1.2.3.4, 203.0.113.7", "203.0.113.7"),
    # A CDN in front of the load balancer: two hops of our own.
    (2, "1.2.3.4, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
    # Fewer entries than proxies: it bypassed one, the peer is what we know.
    (2, "203.0.113.7", "10.0.0.1"),
    (1, "", "10.0.0.1"),
])
def test_the_outermost_trusted_proxy_names_the_client(settings, hops, forwarded, expected):
    assert client_address(settings, hops, "10.0.0.1", forwarded) == expected


@pytest.mark.django_db
def test_two_shoppers_behind_one_proxy_have_their_own_review_limits(client, settings):
    """The rate limit of review posts keys on the address the proxy saw."""
    from reviews.clients import client_hash

    settings.TRUSTED_PROXY_HOPS = 1
    keys = []

    def view(request):
        keys.append(client_hash(request))

    for forwarded in ("203.0.113.7", "198.51.100.4", "9.9.9.9, 203.0.113.7"):
        request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1",
                                       HTTP_X_FORWARDED_FOR=forwarded, HTTP_USER_AGENT="Same")
        TrustedProxyMiddleware(view)(request)
    assert keys[0] != keys[1]
    assert keys[0] == keys[2]
