"""The header's category menu is cached, and every change to the categories shows
on the next page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs

pytestmark = pytest.mark.django_db


def menu(client):
    """The "Browse store" entries, as a shopper's page has them, and the category queries."""
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("basket:summary")).content.decode()
    start = html.index('aria-labelledby="navbarDropdown"')
    section = html[start:html.index("</li>", start)]
    names = re.findall(r'class="dropdown-item" href="[^"]+">([^<]+)</a>', section)
    reads = sum('FROM "catalogue_category"' in q["sql"] for q in queries.captured_queries)
    return [n.replace("&amp;", "&") for n in names], reads


def test_the_menu_is_read_once_then_served_from_the_cache(client):
    create_from_breadcrumbs("Lighting")
    names, reads = menu(client)
    assert "Lighting" in names and reads
    assert menu(client) == (names, 0)


def test_a_new_renamed_hidden_or_deleted_category_shows_on_the_next_page(client):
    lighting = create_from_breadcrumbs("Lighting")
    assert "Lighting" in menu(client)[0]
    create_from_breadcrumbs("Garden")
    assert "Garden" in menu(client)[0]
    lighting.name = "Lamps & Lighting"
    lighting.save()
    assert "Lamps & Lighting" in menu(client)[0]
    lighting.is_public = False
    lighting.save()
    assert "Lamps & Lighting" not in menu(client)[0]
    lighting.delete()
    garden = menu(client)[0]
    assert "Garden" in garden and not any("Light" in name for name in garden)
