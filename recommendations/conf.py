"""The app's settings, each read at call time as ``RECOMMENDATIONS_<NAME>``."""

from django.conf import settings

DEFAULTS = {
    # A pair is shown once this many orders held both products.
    "MIN_SUPPORT": 3,
    # Complements stored per product by a rebuild.
    "TOP_N": 20,
    # Orders with more distinct products than this (wholesale) are not mined.
    "MAX_BASKET_ITEMS": 100,
    # What ranks the complements (``ranking``): "neighbourhood-ease", a ridge
    # regression of each product on its most co-bought products, or
    # "weighted-cosine". Chosen on a validation split (README, "Evaluation").
    "MODEL": "neighbourhood-ease",
    # Its ridge penalty and neighbours per product, chosen on the same split.
    "RIDGE": 0.25,
    "NEIGHBOURS": 30,
    # Above this many bought products a rebuild falls back to the weighted cosine
    # (its time and memory per catalogue size: ``make bench``, bench_ease.py).
    "MODEL_MAX_PRODUCTS": 50_000,
    # Where ``mine_recommendations --engine spark`` runs: this machine's cores, or a
    # cluster ("spark://host:7077", "yarn"); PySpark from requirements-spark.txt.
    "SPARK_MASTER": "local[*]",
    # The Spark driver's Java heap (in local mode it does all the work), and the
    # pieces each shuffle is cut into: more orders want more of both.
    "SPARK_DRIVER_MEMORY": "2g",
    "SPARK_SHUFFLE_PARTITIONS": 8,
    # Complements in a product page's "Frequently bought together" bundle, which
    # also holds the product itself (unless it is in the basket already).
    "PRODUCT_PAGE_ITEMS": 2,
    # Suggestions shown in "Complete your order" on the basket page.
    "BASKET_PAGE_ITEMS": 4,
    # Days of orders behind the best-seller fallback.
    "FALLBACK_DAYS": 90,
    # Seconds the best-seller fallback is cached.
    "FALLBACK_CACHE_SECONDS": 600,
    # Seconds a page's worked-out suggestions are cached at most; mining runs,
    # orders counted in, pins, blocks and Oscar's own entries refresh them at once.
    "CACHE_SECONDS": 600,
    # Reads ``evaluate_recommendations --file``: a dotted path to a callable taking
    # the path and returning [(date, order key, [product keys])].
    "BASKET_FILE_READER": "recommendations.evaluation.read_basket_csv",
    # The A/B holdout (``holdout``): the share of visitors (0 to 1; 0 turns it off)
    # shown a control instead of mined suggestions, what the control is shown
    # ("best_sellers" of the product's category, or "none": no block), and the
    # first-party cookie that keeps a visitor in their arm.
    "HOLDOUT_SHARE": 0.10,
    "HOLDOUT_CONTROL": "best_sellers",
    "HOLDOUT_COOKIE": "shop_rec_arm",
    "HOLDOUT_COOKIE_AGE": 60 * 60 * 24 * 365,  # as long as the funnel's visitor id
    # Extra (value, label, most products per post) sources the add form accepts
    # besides the app's two blocks, for a project's own bundles (a guide's, say).
    "EXTRA_SOURCES": (),
}


def get(name):
    """The project's ``RECOMMENDATIONS_<name>``, else the default above."""
    return getattr(settings, f"RECOMMENDATIONS_{name}", DEFAULTS[name])
