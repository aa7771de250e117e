"""Settings shared by development, tests and production.

Everything that differs between machines comes from the environment:
``SECRET_KEY``, ``DEBUG``, ``ALLOWED_HOSTS`` and ``DATABASE_URL`` (SQLite
when unset, PostgreSQL with ``postgres://user:pass@host/name``).
"""

import os
from pathlib import Path

import dj_database_url
from django.urls import reverse_lazy
from oscar.defaults import *

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "shop"


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# A development-only key; production settings refuse to start without a real one.
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "django-insecure-dev-only-key-change-me-in-production-0123456789"
)
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections: opening one (and SQLite's PRAGMAs) on every
        # request costs a worker about a millisecond a page.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# No ATOMIC_REQUESTS: shop.middleware.AtomicWritesMiddleware (last in MIDDLEWARE)
# wraps requests that write (POST and the like) in one transaction, and reads run
# in autocommit, so a product page never waits for the write lock.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent shoppers on SQLite: take the write lock when a transaction
    # starts (no failing lock upgrades), wait for it instead of erroring, and
    # let readers run beside the writer (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    # Oscar
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "shop.checkout.apps.CheckoutConfig",  # forked: the confirmation mail is a task
    "oscar.apps.address.apps.AddressConfig",
    "oscar.apps.shipping.apps.ShippingConfig",
    "oscar.apps.catalogue.apps.CatalogueConfig",
    "reviews.apps.ReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "shop.partner.apps.PartnerConfig",
    "shop.basket.apps.BasketConfig",  # forked: the quantity box keeps the stock count
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "shop.search.apps.SearchConfig",  # forked: a page of results loads in bulk
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "shop.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "reviews.dashboard.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # This project
    "shop.storefront.apps.StorefrontConfig",
    "shop.content.apps.ContentConfig",
    "shop.mail.apps.MailConfig",
    "shop.newsletter.apps.NewsletterConfig",
    "shop.importer.apps.ImporterConfig",
    "shop.demo.apps.DemoConfig",
    "django_tasks",
    "django_tasks_db",
    "shop.operations",  # the worker's queue (production; its table exists everywhere)
    "funnel.apps.FunnelConfig",
    "funnel.dashboard.apps.FunnelDashboardConfig",
    "recommendations.apps.RecommendationsConfig",
    "recommendations.dashboard.apps.RecommendationsDashboardConfig",
]

MIDDLEWARE = [
    "shop.middleware.TrustedProxyMiddleware",  # first: everything after sees the client
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "funnel.middleware.FunnelMiddleware",
    "recommendations.holdout.HoldoutMiddleware",  # keeps a visitor in their A/B arm
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "shop.middleware.AtomicWritesMiddleware",  # last: it calls the view
]

# Reverse proxies of our own in front of the application server (production: 1).
TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))

ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
            ],
        },
    },
]

AUTHENTICATION_BACKENDS = (
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
# One language, so no language menu (Oscar shows one when LANGUAGES has several).
LANGUAGES = [("en-gb", "English")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
SITE_ID = 1

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH")  # for the file-based backend
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "shop@example.com")
# Absolute links in mails (review requests, reminders) start with this.
SHOP_BASE_URL = os.environ.get("SHOP_BASE_URL", "http://127.0.0.1:8000")
# Oscar's mail links: its scheme, and the Site's domain (set from SHOP_BASE_URL on migrate).
OSCAR_URL_SCHEMA = SHOP_BASE_URL.split("://", 1)[0]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "shop": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Oscar: the data set's currency, guest checkout, and Oscar's checkout paying with
# SHOP_PAYMENT_METHOD (shop.checkout.payment): the demo card, which records the
# payment and moves no money. A real gateway is a class with the same three parts.
OSCAR_SHOP_NAME = "Gift Shop"
# A product without a photo, where Oscar's own templates show one (basket, checkout):
# a parcel drawn for this shop (shop/storefront/static/oscar/img/) instead of Oscar's
# "Image Not Available"; the cards show department illustrations (shop.storefront).
OSCAR_MISSING_IMAGE_URL = "no-photo.png"
# Breadcrumbs' "Home" and the logo lead to the home page (Oscar's default: the catalogue).
OSCAR_HOMEPAGE = reverse_lazy("home")
SHOP_PAYMENT_METHOD = os.environ.get("SHOP_PAYMENT_METHOD", "shop.checkout.payment.DemoCard")
# Stock is shown as "In stock", or "Only N left" from this many down (shop.partner).
SHOP_LOW_STOCK_THRESHOLD = 5
OSCAR_SHOP_TAGLINE = "Real products, real order history"
OSCAR_DEFAULT_CURRENCY = "GBP"
OSCAR_ALLOW_ANON_CHECKOUT = True
# Reviews come from signed-in customers only (verified purchase needs an account).
OSCAR_ALLOW_ANON_REVIEWS = False
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_INITIAL_ORDER_STATUS = "Pending"
OSCAR_INITIAL_LINE_STATUS = "Pending"
OSCAR_ORDER_STATUS_PIPELINE = {
    "Pending": ("Being processed", "Cancelled"),
    "Being processed": ("Complete", "Cancelled"),
    "Complete": (),
    "Cancelled": (),
}
OSCAR_LINE_STATUS_PIPELINE = OSCAR_ORDER_STATUS_PIPELINE

# Background work (django-tasks, Django's task interface). The demo and the tests run
# each task at once, in-process, after the request's commit; production queues them
# in the database (django-tasks-db) for `manage.py db_worker`. TASKS_BACKEND picks.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[os.environ.get("TASKS_BACKEND", "immediate")]}}

# Wagtail: its admin at /cms/, its pages under /content/ (see shop/urls.py).
WAGTAIL_SITE_NAME = OSCAR_SHOP_NAME
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", SHOP_BASE_URL)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt", "xlsx", "zip"]
# Django's default limit on posted fields (1000) stays. Wagtail's project template raises
# it to 10,000 for "particularly complex page models"; a guide or newsletter posts about
# five fields per block (tests/content/test_guides.py saves a 60-block guide under the
# default), and the storefront's forms bound their own lists (an "add" post takes at
# most its bundle's products).

# Search: Whoosh (pure Python, a directory on disk) is the search engine Oscar's
# haystack integration supports without a server; products are indexed on save
# and the importer indexes what it bulk-inserts.
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "haystack.backends.whoosh_backend.WhooshEngine",
        "PATH": os.environ.get("WHOOSH_INDEX", str(BASE_DIR / "whoosh_index")),
    },
}
HAYSTACK_SIGNAL_PROCESSOR = "shop.indexing.OnCommitSignalProcessor"
# Facets a shopper can use: the average rating in whole stars (shop.search hides a facet
# with a single value). Oscar's others are left out: its product type is indexed as text
# (Whoosh counts its words), and price ranges are query facets, which Whoosh cannot count
# (haystack warned on every search). A shop on Solr or Elasticsearch may add them back.
OSCAR_SEARCH_FACETS = {
    "fields": {"rating": {"name": "Customer rating", "field": "rating"}},
    "queries": {},
}

OSCAR_DASHBOARD_NAVIGATION = OSCAR_DASHBOARD_NAVIGATION + [
    {"label": "Funnel", "icon": "fas fa-filter", "url_name": "dashboard:funnel-report"},
    {
        "label": "Recommendations",
        "icon": "fas fa-magic",
        "children": [
            {"label": "Bought together", "url_name": "dashboard:recommendations-index"},
            {"label": "Suggestion outcomes", "url_name": "dashboard:funnel-suggestions"},
        ],
    },
    {
        "label": "Social proof",
        "icon": "fas fa-star",
        "children": [
            {"label": "Reviews (moderation)", "url_name": "dashboard:reviews-list"},
            {"label": "Reported reviews", "url_name": "dashboard:reviews-reported"},
            {"label": "Unanswered questions", "url_name": "dashboard:reviews-questions"},
            {"label": "Review statistics", "url_name": "dashboard:reviews-stats"},
        ],
    },
]

# Plugins: the glue between them and this project.
# ``evaluate_recommendations --file`` reads Online Retail files with the importer.
RECOMMENDATIONS_BASKET_FILE_READER = "shop.importer.baskets.read_baskets"
# Review mails link to the shop's public URL; review requests go out through the
# mail app (shared lists, one delivery queue).
REVIEWS_BASE_URL = SHOP_BASE_URL
REVIEWS_REQUEST_SENDER = "shop.mail.automated.send_review_requests"
# A guide's bundle (shop.content) posts to the recommendations' "add all".
# A guide's bundle block: its product and up to 6 complements in one post.
RECOMMENDATIONS_EXTRA_SOURCES = [("guide_bundle", "A guide's bundle", 7)]
# The funnel names newsletter campaigns through the newsletter app.
FUNNEL_CAMPAIGN_LABELS = "shop.newsletter.campaigns.labels"
FUNNEL_BASE_URL = SHOP_BASE_URL
