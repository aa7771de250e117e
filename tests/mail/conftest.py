from datetime import timedelta

import pytest
from django.utils import timezone
from oscar.apps.partner.strategy import Default
from oscar.core.loading import get_model

from tests.factories import make_product

Basket = get_model("basket", "Basket")
BasketLine = get_model("basket", "Line")


@pytest.fixture
def left_basket(django_user_model):
    """A signed-in customer's basket, untouched for 30 hours."""
    owner = django_user_model.objects.create_user("lea", "lea@example.com", "pw",
                                                  first_name="Lea")
    basket = Basket.objects.create(owner=owner)
    basket.strategy = Default()
    basket.add_product(make_product("Lantern"))
    BasketLine.objects.filter(basket=basket).update(
        date_updated=timezone.now() - timedelta(hours=30))
    return basket
