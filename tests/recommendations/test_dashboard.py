"""The operator's view of mined pairs: evidence, pin and block."""

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import ComplementOverride
from tests.factories import make_product, place_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairs(settings):
    settings.RECOMMENDATIONS_MIN_SUPPORT = 2
    lamp, bulb, shade = (make_product(t, upc=u) for t, u in
                         [("Lamp", "L1"), ("Bulb", "B1"), ("Shade", "S1")])
    for _ in range(2):
        place_order(lamp, bulb)
    place_order(lamp, bulb, shade)
    services.rebuild()
    return lamp, bulb, shade


def test_only_staff_see_the_section(client, pairs):
    response = client.get(reverse("dashboard:recommendations-index"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_navigation_lists_the_section(admin_client, pairs):
    page = admin_client.get(reverse("dashboard:index"))
    assert reverse("dashboard:recommendations-index").encode() in page.content


def test_index_shows_the_last_run_and_products(admin_client, pairs):
    page = admin_client.get(reverse("dashboard:recommendations-index"))
    content = page.content.decode()
    assert page.context["run"].orders == 3
    # both in 3 orders: ties by title; Shade has no pair bought twice
    assert [p.title for p in page.context["products"]] == ["Bulb", "Lamp"]
    assert "Orders mined" in content


def test_product_page_shows_evidence(admin_client, pairs):
    lamp, bulb, shade = pairs
    page = admin_client.get(reverse("dashboard:recommendations-product", args=[lamp.pk]))
    rows = {row["pair"].complement.title: row for row in page.context["complements"]}
    assert rows["Bulb"]["pair"].baskets == 3
    assert rows["Bulb"]["confidence"] == pytest.approx(3 / 3)
    assert rows["Bulb"]["lift"] == pytest.approx(3 * 3 / (3 * 3))
    assert rows["Bulb"]["shown"] is True


def test_pin_then_block_then_remove(admin_client, pairs):
    lamp, bulb, shade = pairs
    url = reverse("dashboard:recommendations-override", args=[lamp.pk])
    admin_client.post(url, {"complement": "S1", "action": "pin"})
    assert ComplementOverride.objects.get().action == "pin"
    response = admin_client.post(url, {"complement": "Shade", "action": "block"}, follow=True)
    override = ComplementOverride.objects.get()
    assert override.action == "block"
    assert "Shade is blocked for Lamp." in response.content.decode()
    admin_client.post(reverse("dashboard:recommendations-remove-override",
                              args=[lamp.pk, override.pk]))
    assert not ComplementOverride.objects.exists()


@pytest.mark.parametrize("complement, error", [
    ("NOPE", "No product has the UPC or title"),
    ("L1", "cannot complement itself"),
])
def test_bad_overrides_get_form_errors(admin_client, pairs, complement, error):
    lamp = pairs[0]
    response = admin_client.post(
        reverse("dashboard:recommendations-override", args=[lamp.pk]),
        {"complement": complement, "action": "pin"})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not ComplementOverride.objects.exists()
