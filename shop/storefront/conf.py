"""The storefront's settings, with their defaults in one place."""

from django.conf import settings

DEFAULTS = {
    # How long the category menu's markup may be kept without a signal (navigation).
    "STOREFRONT_MENU_CACHE_SECONDS": 600,
    # How long the home page's lists of best sellers and top rated are kept (home).
    "STOREFRONT_HOME_CACHE_SECONDS": 600,
    # Top-level category slug -> Font Awesome icon for products without photos
    # (illustrations); other departments get "box-open".
    "STOREFRONT_ILLUSTRATIONS": {
        "bags-accessories": "shopping-bag",
        "garden-outdoor": "seedling",
        "gifts": "gift",
        "home-living": "couch",
        "kitchen-dining": "utensils",
        "seasonal": "snowflake",
        "toys-games": "puzzle-piece",
    },
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
