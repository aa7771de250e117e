"""Template tags for Oscar's own pages in this shop."""

from django import template
from django.db.models import prefetch_related_objects

from .. import illustrations, navigation

register = template.Library()


@register.simple_tag
def read_stock_once(product):
    """Load ``product``'s stock records for the rest of the page.

    Oscar's product page asks the strategy for the product's price and
    availability three times (price, basket form, product information), and the
    JSON-LD offer a fourth; each asks ``product.stockrecords.all()``, one query
    apiece unless they were loaded before: now they are, in one (none when
    already loaded: ``prefetch_related_objects`` skips those).
    """
    prefetch_related_objects([product], "stockrecords")
    return ""


@register.simple_tag
def category_menu_version():
    """The version the category menu's markup is cached under (``navigation``)."""
    return navigation.version()


@register.simple_tag
def category_menu_seconds():
    """How long the category menu's markup may be kept (``navigation.cache_seconds``)."""
    return navigation.cache_seconds()


@register.inclusion_tag("storefront/illustration.html")
def product_illustration(product, size=""):
    """The department's illustration for a product without a photo (``illustrations``)."""
    return {"illustration": illustrations.illustration(product), "product": product,
            "size": size}
