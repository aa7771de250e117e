"""Production settings: everything secret comes from the environment.

``manage.py check --deploy --settings=shop.settings.production`` passes with
no warnings and no notes; a test keeps it that way. Tasks are queued in the
database for ``manage.py db_worker`` (``TASKS_BACKEND=immediate`` runs them
in the request instead, and ``recommendations.I001`` says so).
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import env_bool, env_list

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random string of at least 50 characters "
        "(python -c 'from django.core.management.utils import get_random_secret_key; "
        "print(get_random_secret_key())')."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])

# Every link in mail starts with the shop's public address: required, and https. The
# one exception is the production shape tried on this machine (make serve), on a
# loopback address no shopper could reach: plain http, and the TLS-only settings
# below off, so `check --deploy` says so.
SHOP_BASE_URL = os.environ.get("SHOP_BASE_URL", "")
_base_url = urlsplit(SHOP_BASE_URL)
LOOPBACK = _base_url.scheme == "http" and _base_url.hostname in {"127.0.0.1", "localhost",
                                                                  "::1"}
if _base_url.scheme != "https" and not LOOPBACK:
    raise ImproperlyConfigured(
        "Set SHOP_BASE_URL to the shop's public https address (https://shop.example.com): "
        "links in mails start with it.")
REVIEWS_BASE_URL = FUNNEL_BASE_URL = SHOP_BASE_URL
OSCAR_URL_SCHEMA = _base_url.scheme
if "WAGTAILADMIN_BASE_URL" not in os.environ:
    WAGTAILADMIN_BASE_URL = SHOP_BASE_URL

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# One reverse proxy (nginx, a load balancer) in front: the client's address is the
# one it appends to X-Forwarded-For, and every rate limit counts per client by it.
TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0" if LOOPBACK else "1"))
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not LOOPBACK)
SECURE_HSTS_SECONDS = 0 if LOOPBACK else int(
    os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = not LOOPBACK
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not LOOPBACK
OSCAR_BASKET_COOKIE_SECURE = OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = not LOOPBACK

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Slow work (mail, mining, counting orders in) goes to `manage.py db_worker`.
TASKS = {"default": {"BACKEND": TASK_BACKENDS[os.environ.get("TASKS_BACKEND", "database")]}}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# One cache for every worker: rate limits and cached figures hold across processes.
# Without REDIS_URL each process keeps its own (``newsletter.W001`` says so).
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["REDIS_URL"]}}
