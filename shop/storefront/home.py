"""What the home page shows: the month's best sellers, the top rated, the newest
guides and the departments.

The lists of ids are kept ``STOREFRONT_HOME_CACHE_SECONDS`` (10 minutes): the
best sellers count a month of order lines, which no page view should redo.
The products themselves load fresh, with what their cards need, so a price or
stock change shows at once.
"""

from django.core.cache import cache
from oscar.core.loading import get_model

from reviews import conf as reviews_conf
from reviews.services import top_rated
from sales.queries import best_seller_ids
from shop.content.models import GuidePage

from . import conf, illustrations

SHELF = 8
GUIDES = 3


def _browsable():
    return (get_model("catalogue", "Product").objects.browsable().base_queryset()
            .prefetch_related("categories"))


def shelf_ids():
    """{"best_sellers": [ids], "top_rated": [ids]}, cached."""
    def work():
        days = reviews_conf.get("PURCHASE_COUNT_DAYS")
        return {
            "best_sellers": best_seller_ids(days, SHELF * 2),  # room for hidden products
            "top_rated": list(top_rated(_browsable()).values_list("pk", flat=True)[:SHELF]),
        }
    return cache.get_or_set("storefront:home:shelves", work,
                            conf.get("STOREFRONT_HOME_CACHE_SECONDS"))


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


def latest_guides():
    """The newest live, public guides."""
    return list(GuidePage.objects.live().public().order_by("-first_published_at")[:GUIDES])


def context():
    ids = shelf_ids()
    best_sellers, rated = products(ids["best_sellers"]), products(ids["top_rated"])
    return {
        "best_sellers": best_sellers,
        "top_rated": rated,
        # Every card's rating and purchase count, loaded together (listing_proof).
        "products": best_sellers + rated,
        "guides": latest_guides(),
        "departments": departments(),
    }
