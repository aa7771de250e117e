"""Every script, style, font and image comes from the shop: no page asks another
site for anything (a CDN would learn every visitor's address)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.e2e.conftest import third_party
from tests.factories import guides_index, make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_page_asks_another_site_for_anything(page, live_server):
    lantern = make_product("Storm Lantern", "12.00")
    guides = guides_index()
    get_user_model().objects.create_superuser("staff", "staff@example.com", "staff-pass-123")
    asked = []
    page.on("request", lambda request: asked.append(request.url))

    for path in ["/", "/catalogue/", lantern.get_absolute_url(), "/search/?q=lantern",
                 "/basket/", reverse("reviews-top-rated"), guides.url, "/dashboard/login/"]:
        response = page.goto(live_server.url + path)
        assert response.status < 400, path
        assert page.evaluate("typeof window.jQuery") == "function", path  # the shop's own
    page.fill("input[name=username]", "staff@example.com")
    page.fill("input[name=password]", "staff-pass-123")
    page.get_by_role("button", name="Login").click()
    page.goto(live_server.url + "/dashboard/")
    assert page.locator("h1").count() >= 1

    assert len(asked) > 20
    assert [url for url in asked if third_party(url)] == []
