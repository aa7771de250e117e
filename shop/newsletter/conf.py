"""The newsletter's settings, each read at call time as ``NEWSLETTER_<NAME>``."""

from django.conf import settings

DEFAULTS = {
    # A confirmation link works this long.
    "CONFIRM_MAX_AGE_DAYS": 7,
    # No second confirmation mail to the same address within this many minutes.
    "CONFIRM_RESEND_MINUTES": 10,
}


def get(name):
    return getattr(settings, f"NEWSLETTER_{name}", DEFAULTS[name])

