"""The demo's returning customer signs in and sees a real imported order history."""

import pytest
from django.core.management import call_command
from django.db.models import Count
from oscar.core.loading import get_model

from shop.demo.shopper import SHOPPER_EMAIL, ensure_demo_shopper
from tests.conftest import BUNDLED_EXTRACT

Order = get_model("order", "Order")
pytestmark = pytest.mark.django_db


def test_the_demo_shopper_is_the_busiest_imported_customer(client):
    assert ensure_demo_shopper("pw-demo-2026") is None  # nothing imported yet
    call_command("import_online_retail", str(BUNDLED_EXTRACT), "--since", "2011-03-01",
                 "--until", "2011-03-15")
    most = max(Order.objects.filter(user__isnull=False).values("user")
               .annotate(n=Count("pk")).values_list("n", flat=True))
    shopper = ensure_demo_shopper("pw-demo-2026")
    assert ensure_demo_shopper("another") == shopper  # made once
    assert shopper.orders.count() == most > 1

    assert client.login(username=SHOPPER_EMAIL, password="pw-demo-2026")
    history = client.get("/accounts/orders/").content.decode()
    assert all(number in history for number in
               shopper.orders.order_by("-date_placed").values_list("number", flat=True)[:5])
