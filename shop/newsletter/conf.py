"""The newsletter's settings, each read at call time as ``NEWSLETTER_<NAME>``."""

from django.conf import settings

DEFAULTS = {
    # A confirmation link works this long.
    "CONFIRM_MAX_AGE_DAYS": 7,
    # No second confirmation mail to the same address within this many minutes.
    "CONFIRM_RESEND_MINUTES": 10,
    # A delivery that failed this many times is given up (status "failed").
    "MAX_ATTEMPTS": 3,
    # The From: of newsletters (Oscar's OSCAR_FROM_EMAIL when None).
    "FROM_EMAIL": None,
}


def get(name):
    return getattr(settings, f"NEWSLETTER_{name}", DEFAULTS[name])


def from_email():
    return get("FROM_EMAIL") or getattr(settings, "OSCAR_FROM_EMAIL", None) or \
        settings.DEFAULT_FROM_EMAIL
