"""sales.queries: the one definition of a counted sale."""

import pytest

from sales.queries import bought_lines, cancelled_statuses, counted_orders, purchase_counts
from tests.factories import make_product, place_order

pytestmark = pytest.mark.django_db


def test_cancelled_lines_and_orders_do_not_count(settings):
    lamp, bulb = make_product("Lamp"), make_product("Bulb")
    kept = place_order(lamp, bulb)
    returned = place_order(lamp)
    kept.lines.filter(product=bulb).update(status="Cancelled")
    returned.__class__.objects.filter(pk=returned.pk).update(status="Cancelled")
    assert list(bought_lines().values_list("order_id", "product_id")) == [(kept.pk, lamp.pk)]
    assert list(counted_orders()) == [kept]
    assert purchase_counts([lamp.pk, bulb.pk], days=30) == {lamp.pk: 1}
    settings.SALES_CANCELLED_STATUSES = ["Refunded"]
    assert purchase_counts([lamp.pk, bulb.pk], days=30) == {lamp.pk: 2, bulb.pk: 1}


def test_one_status_written_as_a_string_is_one_status(settings):
    assert cancelled_statuses() == ("Cancelled",)
    settings.SALES_CANCELLED_STATUSES = "Returned"
    assert cancelled_statuses() == ("Returned",)
