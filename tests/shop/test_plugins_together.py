"""The plugins wired together in this project: one journey through content,
suggestions and reviews lands in the funnel (each plugin's own tests run alone too)."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from funnel.models import Event, EventType
from recommendations import services as recommendation_services
from tests.factories import make_product, place_order
from tests.funnel.test_capture import BROWSER, assert_one_journey, checkout

Country = get_model("address", "Country")
Order = get_model("order", "Order")
pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(settings):
    settings.RECOMMENDATIONS_MIN_SUPPORT = 1
    Country.objects.create(iso_3166_1_a2="GB", iso_3166_1_a3="GBR", iso_3166_1_numeric="826",
                           printable_name="United Kingdom", name="United Kingdom",
                           is_shipping_country=True)
    lamp, bulb = make_product("Lamp"), make_product("Bulb")
    place_order(lamp, bulb)
    recommendation_services.rebuild()
    Event.objects.all().delete()
    return lamp, bulb


@pytest.fixture
def customer(django_user_model):
    return django_user_model.objects.create_user("eve", "eve@example.com", "pw-123456789")


def test_a_whole_journey_records_every_step(client, shop, customer):
    lamp, bulb = shop
    client.get("/content/", **BROWSER)
    client.get(reverse("catalogue:index"), **BROWSER)
    client.get(reverse("search:search") + "?q=lamp", **BROWSER)
    client.get(lamp.get_absolute_url(), **BROWSER)
    client.get(reverse("catalogue:reviews-list", kwargs={"product_slug": lamp.slug,
                                                         "product_pk": lamp.pk}), **BROWSER)
    client.post(reverse("recommendations:add-all"), {"products": [bulb.pk],
                                                     "source": "bought_together"}, **BROWSER)
    client.force_login(customer)
    response = checkout(client, lamp)
    assert response.status_code == 302 and "thank-you" in response["Location"]

    # Beyond the shopping steps: the guide, the suggestions and the reviews.
    assert_one_journey(customer, [EventType.CONTENT_VIEW, EventType.RECOMMENDATION_SHOWN,
                                  EventType.REVIEWS_READ, EventType.RECOMMENDATION_CLICKED])
