"""Settings for the test suite: fast hashing, mail kept in memory, a throwaway
search index per run."""

import tempfile

from .base import *
from .base import DATABASES, HAYSTACK_CONNECTIONS

DEBUG = False
SECRET_KEY = "test-only-secret-key-that-is-long-enough-for-django-checks-0123456789"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HAYSTACK_CONNECTIONS["default"]["PATH"] = tempfile.mkdtemp(prefix="shop-test-whoosh-")
MEDIA_ROOT = tempfile.mkdtemp(prefix="shop-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Tests index what they search explicitly (the importer does it itself): indexing
# every product a factory saves would cost a Whoosh commit each.
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"

# A file, not memory: each live-server thread gets its own connection, so the
# concurrency tests exercise real SQLite locking. Built once per run.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": tempfile.mkdtemp(prefix="shop-test-db-") + "/test.sqlite3"}

# Pages show the mined suggestions to every test visitor: a test that compares what a
# page shows must not meet the A/B holdout's control by chance. The holdout's own
# tests turn it on (tests/shop/test_holdout.py).
RECOMMENDATIONS_HOLDOUT_SHARE = 0
