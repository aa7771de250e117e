"""N shoppers at once against a live server: every request's events, none lost."""

import threading
import urllib.request
from http.cookiejar import CookieJar

import pytest

from funnel.models import Event, EventType
from tests.factories import make_product

pytestmark = pytest.mark.django_db(transaction=True)
SHOPPERS, ROUNDS = 8, 5
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def shopper(base, product_url, errors):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", BROWSER)]
    try:
        for _ in range(ROUNDS):
            for path in ("/catalogue/", product_url):
                with opener.open(base + path, timeout=30) as response:
                    if response.status != 200:
                        errors.append(f"{path}: {response.status}")
                    response.read()
    except Exception as exc:  # reported below, never swallowed
        errors.append(repr(exc))
    return jar


def test_concurrent_shoppers_lose_no_event(live_server):
    product = make_product("Lantern")
    errors, threads = [], []
    for _ in range(SHOPPERS):
        thread = threading.Thread(target=shopper,
                                  args=(live_server.url, product.get_absolute_url(), errors))
        threads.append(thread)
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    expected = SHOPPERS * ROUNDS
    assert Event.objects.filter(type=EventType.PRODUCT_VIEW).count() == expected
    assert Event.objects.filter(type=EventType.LIST_VIEW).count() == expected
    assert Event.objects.values("visitor_id").distinct().count() == SHOPPERS
