"""A stock Oscar 4.2 shop, as Oscar's documentation sets one up, with nothing of this
project: the base the plugins' stand-alone settings add one plugin to.

The project package ``shop`` is made unimportable, so a plugin that reached for
it fails here. Each plugin's module (``tests/standalone/<plugin>.py``) follows
the README's "Add it to your Oscar shop" steps, and `make test` runs that
plugin's own tests (``tests/<plugin>/``) against it.
"""

import importlib.abc
import sys
import tempfile

import oscar
from oscar.defaults import *  # noqa: F403


class NoProjectFinder(importlib.abc.MetaPathFinder):
    """Refuses ``import shop``: a plugin must not need the project that hosts it."""

    def find_spec(self, name, path=None, target=None):
        if name == "shop" or name.startswith("shop."):
            raise ModuleNotFoundError(f"No module named {name!r} (stand-alone plugin test)",
                                      name=name)
        return None


sys.meta_path.insert(0, NoProjectFinder())
for loaded in [name for name in sys.modules if name == "shop" or name.startswith("shop.")]:
    del sys.modules[loaded]

SECRET_KEY = "stand-alone-plugin-tests-only-0123456789-abcdefghijklmnopqrstuvwxyz"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# A file, not Django's shared in-memory database, for the tests that race real
# threads: there a second writer waits for the first (``timeout``) instead of failing
# at once with "database table is locked".
DATABASES = {"default": {
    "ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:", "OPTIONS": {"timeout": 20},
    "TEST": {"NAME": tempfile.mkdtemp(prefix="standalone-test-db-") + "/test.sqlite3"}}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
SITE_ID = 1
USE_TZ = True
TIME_ZONE = "Europe/London"
LANGUAGE_CODE = "en-gb"
ROOT_URLCONF = "tests.standalone.urls"

INSTALLED_APPS = [
    *[app for app in oscar.INSTALLED_APPS if app != "oscar.apps.dashboard.apps.DashboardConfig"],
    # Oscar's documented way to add dashboard sections: a forked dashboard app.
    "tests.standalone.dashboard.apps.DashboardConfig",
    "sorl.thumbnail",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
]

TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.debug",
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.template.context_processors.i18n",
        "django.contrib.messages.context_processors.messages",
        "oscar.apps.search.context_processors.search_form",
        "oscar.apps.checkout.context_processors.checkout",
        "oscar.apps.communication.notifications.context_processors.notifications",
        "oscar.core.context_processors.metadata",
    ]},
}]

AUTHENTICATION_BACKENDS = ("oscar.apps.customer.auth_backends.EmailBackend",
                           "django.contrib.auth.backends.ModelBackend")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
MEDIA_ROOT = tempfile.mkdtemp(prefix="standalone-media-")
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}

OSCAR_DEFAULT_CURRENCY = "GBP"
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_INITIAL_ORDER_STATUS = "Pending"
OSCAR_INITIAL_LINE_STATUS = "Pending"
OSCAR_ORDER_STATUS_PIPELINE = {
    "Pending": ("Being processed", "Cancelled"),
    "Being processed": ("Complete", "Cancelled"),
    "Complete": (),
    "Cancelled": (),
}
OSCAR_LINE_STATUS_PIPELINE = OSCAR_ORDER_STATUS_PIPELINE

# Pages show the mined suggestions to every test visitor: a test that compares what a
# page shows must not meet the A/B holdout's control by chance. The holdout's own
# tests turn it on (tests/shop/test_holdout.py).
RECOMMENDATIONS_HOLDOUT_SHARE = 0
