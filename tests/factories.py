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


def guides_index():
    """The Guides index the data migration made, or the same again after a flush
    (earlier transactional tests empty every table, the page tree included)."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    from shop.content.models import GuideIndexPage

    index = GuideIndexPage.objects.first()
    if index is not None:
        return index
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root",
                                                                      slug="root"))
    index = root.add_child(instance=GuideIndexPage(title="Guides", slug="guides"))
    Site.objects.update_or_create(is_default_site=True, defaults={
        "hostname": "localhost", "port": 80, "root_page": index})
    return index
