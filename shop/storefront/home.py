"""What the home page shows: the month's best sellers, the top rated, the newest
guides and the departments.

The lists of ids are kept ``STOREFRONT_HOME_CACHE_SECONDS`` (10 minutes): the
best sellers count a month of order lines, which no page view should redo.
The products themselves load fresh, with what their cards need, so a price or
stock change shows at once.
"""

from django.conf import settings
from django.core.cache import cache
from oscar.core.loading import get_model

from reviews import conf as reviews_conf
from reviews.services import top_rated
from sales.queries import best_seller_ids
from shop.content.models import GuidePage

from . import illustrations, navigation

SHELF = 8
GUIDES = 3


def cache_seconds():
    return getattr(settings, "STOREFRONT_HOME_CACHE_SECONDS", 600)


def _browsable():
    return (get_model("catalogue", "Product").objects.browsable().base_queryset()
            .select_related("rating_summary").prefetch_related("categories"))


def shelf_ids():
    """{"best_sellers": [ids], "top_rated": [ids]}, cached."""
    def work():
        days = reviews_conf.get("PURCHASE_COUNT_DAYS")
        return {
            "best_sellers": best_seller_ids(days, SHELF * 2),  # room for hidden products
            "top_rated": list(top_rated(_browsable()).values_list("pk", flat=True)[:SHELF]),
        }
    return cache.get_or_set("storefront:home:shelves", work, cache_seconds())


def products(ids):
    """The browsable products of ``ids``, in that order, at most ``SHELF``."""
    found = _browsable().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found][:SHELF]


def departments():
    """The top-level categories, each with its illustration."""
    Category = get_model("catalogue", "Category")
    tones = illustrations.departments()
    roots = Category.get_root_nodes().filter(is_public=True)
    return [{"category": category, "icon": illustrations.icons().get(
                category.slug, illustrations.DEFAULT_ICON),
             "tone": tones.get(category.path, ("", 0))[1]} for category in roots]


def latest_guides(request):
    """The newest live, public guides."""
    return list(GuidePage.objects.live().public().order_by("-first_published_at")[:GUIDES])


def context(request):
    ids = shelf_ids()
    return {
        "best_sellers": products(ids["best_sellers"]),
        "top_rated": products(ids["top_rated"]),
        "guides": latest_guides(request),
        "departments": departments(),
        "menu_version": navigation.version(),
    }
