"""Test data built on Oscar's own factories (``oscar.test.factories``)."""

from decimal import Decimal

from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.test import factories


def make_product(title, price="2.50", stock=100, category="Gifts > Other gifts", upc=None):
    product = factories.create_product(
        title=title, upc=upc, price=Decimal(price), num_in_stock=stock,
        partner_sku=upc or title[:40],
    )
    product.categories.add(create_from_breadcrumbs(category))
    return product


def place_order(*products, user=None, quantity=1):
    """Place an order through OrderCreator.place_order, as checkout does."""
    basket = factories.create_basket(empty=True)
    for product in products:
        basket.add_product(product, quantity)
    return factories.create_order(basket=basket, user=user)
