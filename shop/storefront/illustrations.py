"""A product without a photo shows its department's illustration, not "Image Not Available".

The imported catalogue has no pictures. A card shows an icon of the product's
top-level category (Font Awesome, served with Oscar's static files) on a tone
of its own, so a listing reads by department at a glance and nothing is
fetched from elsewhere. ``STOREFRONT_ILLUSTRATIONS`` maps a top-level
category's slug to a Font Awesome icon name; other categories get the default.
"""

from django.core.cache import cache
from oscar.core.loading import get_model

from . import conf, navigation

DEFAULT_ICON = "box-open"
TONES = 6  # .tone-0 … .tone-5 in storefront/shop.css


def icons():
    return conf.get("STOREFRONT_ILLUSTRATIONS")


def departments():
    """{top-level category path: (slug, tone)}, cached with the category menu's
    version; neighbouring departments get different tones."""
    key = f"storefront:departments:{navigation.version()}"
    found = cache.get(key)
    if found is None:
        roots = get_model("catalogue", "Category").get_root_nodes().values_list("path", "slug")
        found = {path: (slug, n % TONES) for n, (path, slug) in enumerate(roots)}
        cache.set(key, found, navigation.cache_seconds())
    return found


def illustration(product):
    """{"icon", "tone", "department"} for ``product``: its first category's department.

    Reads ``product.categories.all()`` (the listings prefetch it) and, for a
    variant, its parent's.
    """
    owner = product.parent if product.parent_id else product
    categories = sorted(owner.categories.all(), key=lambda category: category.path)
    slug, tone = "", 0
    if categories:
        root = categories[0].path[:get_model("catalogue", "Category").steplen]
        slug, tone = departments().get(root, ("", 0))
    return {"icon": icons().get(slug, DEFAULT_ICON), "department": slug, "tone": tone}
