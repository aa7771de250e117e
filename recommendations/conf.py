"""The app's settings, each read at call time as ``RECOMMENDATIONS_<NAME>``."""

from django.conf import settings

DEFAULTS = {
    # A pair is shown once this many orders held both products.
    "MIN_SUPPORT": 3,
    # Complements stored per product by a rebuild.
    "TOP_N": 20,
    # Orders with more distinct products than this (wholesale) are not mined.
    "MAX_BASKET_ITEMS": 100,
    # Complements shown in "Frequently bought together" on a product page.
    "PRODUCT_PAGE_ITEMS": 3,
    # Suggestions shown in "Complete your order" on the basket page.
    "BASKET_PAGE_ITEMS": 4,
    # Days of orders behind the best-seller fallback.
    "FALLBACK_DAYS": 90,
    # Seconds the best-seller fallback is cached.
    "FALLBACK_CACHE_SECONDS": 600,
    # Reads ``evaluate_recommendations --file``: a dotted path to a callable taking
    # the path and returning [(date, order key, [product keys])].
    "BASKET_FILE_READER": "recommendations.evaluation.read_basket_csv",
}


def get(name):
    return getattr(settings, f"RECOMMENDATIONS_{name}", DEFAULTS[name])
