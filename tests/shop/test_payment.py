"""The payment step pays with the configured method and records it in Oscar's
models; a method the shop does not offer is refused with a message."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from shop.checkout import payment
from tests.factories import make_product

Country = get_model("address", "Country")
Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_payment(client, django_user_model):
    """A signed-in shopper with a basket and a shipping address, at the payment step."""
    Country.objects.create(iso_3166_1_a2="GB", iso_3166_1_a3="GBR", iso_3166_1_numeric="826",
                           printable_name="United Kingdom", name="United Kingdom",
                           is_shipping_country=True)
    user = django_user_model.objects.create_user("eve", "eve@example.com", "pw")
    client.force_login(user)
    client.post(reverse("basket:add", kwargs={"pk": make_product("Lamp", "4.20").pk}),
                {"quantity": 2})
    client.get(reverse("checkout:index"))
    client.get(reverse("checkout:shipping-address"))
    client.post(reverse("checkout:shipping-address"), {
        "first_name": "Eve", "last_name": "Test", "line1": "1 High St", "line4": "London",
        "postcode": "SW1A 1AA", "country": "GB"})
    client.get(reverse("checkout:shipping-method"))  # one method: chosen for the shopper
    client.get(reverse("checkout:payment-method"))
    return client


def test_the_payment_step_offers_the_labelled_demo_card(at_payment):
    html = at_payment.get(reverse("checkout:payment-details")).content.decode()
    assert "Demo card — no money moves" in html
    assert "This page needs implementing" not in html  # Oscar's placeholder is gone
    preview = at_payment.post(reverse("checkout:preview"), {"method": "demo-card"})
    text = preview.content.decode()
    assert "Payment details to go here" not in text
    assert '<p class="payment-method mb-0"><strong>Demo card — no money moves</strong>' in text
    assert '<input type="hidden" name="method" value="demo-card">' in text


def test_placing_the_order_records_a_source_and_a_settled_event(at_payment):
    response = at_payment.post(reverse("checkout:preview"), {"action": "place_order",
                                                             "method": "demo-card"})
    assert response.status_code == 302
    order = Order.objects.get()
    source = order.sources.get()
    assert (source.source_type.code, source.source_type.name) == (
        "demo-card", "Demo card — no money moves")
    assert source.amount_allocated == source.amount_debited == order.total_incl_tax
    assert source.reference == f"DEMO-{order.number}"
    event = order.payment_events.get()
    assert (event.event_type.name, event.amount, event.reference) == (
        "Settled", order.total_incl_tax, source.reference)


def test_the_payment_form_leads_to_the_preview_as_a_page_of_its_own(at_payment):
    response = at_payment.post(reverse("checkout:payment-details"), {"method": "demo-card"})
    assert response.status_code == 302 and response["Location"] == reverse("checkout:preview")
    preview = at_payment.get(response["Location"]).content.decode()
    assert '<input type="hidden" name="method" value="demo-card">' in preview


@pytest.mark.parametrize("url,extra", [("checkout:payment-details", {}),
                                       ("checkout:preview", {}),
                                       ("checkout:preview", {"action": "place_order"})])
def test_an_unknown_method_is_refused_with_a_message_and_no_order(at_payment, url, extra):
    response = at_payment.post(reverse(url), {"method": "free-money", **extra})
    assert response.status_code == 200
    assert "That payment method is not available" in response.content.decode()
    assert not Order.objects.exists()


def test_a_gateway_is_a_setting_away(at_payment, settings):
    settings.SHOP_PAYMENT_METHOD = "tests.shop.test_payment.Declining"
    response = at_payment.post(reverse("checkout:preview"), {"action": "place_order",
                                                             "method": "declining"})
    assert "Card declined" in response.content.decode()
    assert not Order.objects.exists()


class Declining(payment.DemoCard):
    """A gateway that refuses every card, as a real one refuses some."""

    code, label = "declining", "Declining card"

    def pay(self, order_number, total):
        from oscar.apps.payment.exceptions import UnableToTakePayment

        raise UnableToTakePayment("Card declined")
