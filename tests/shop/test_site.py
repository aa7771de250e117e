"""The project's URL layout: the home page at /, Oscar's storefront, its dashboard,
Wagtail's admin and pages."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from shop.content.models import GuideIndexPage

pytestmark = pytest.mark.django_db


def test_the_home_page_is_at_the_root_and_links_the_storefront(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'href="/catalogue/"' in response.content.decode()
    assert reverse("home") == "/"


def test_guides_index_exists_after_migrate_and_is_the_content_root(client):
    index = GuideIndexPage.objects.get()
    assert index.title == "Guides"
    assert Site.objects.get(is_default_site=True).root_page.specific == index
    response = client.get("/content/")
    assert response.status_code == 200
    assert b"<h1>Guides</h1>" in response.content


@pytest.mark.parametrize("url", ["/dashboard/", "/cms/"])
def test_admin_areas_ask_anonymous_visitors_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_reach_the_dashboard_and_wagtail_admin(admin_client):
    assert admin_client.get("/dashboard/").status_code == 200
    assert admin_client.get("/cms/").status_code == 200


def test_prices_are_in_pounds(settings):
    assert settings.OSCAR_DEFAULT_CURRENCY == "GBP"
