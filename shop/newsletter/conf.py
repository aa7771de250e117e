"""The newsletter's settings, each read at call time as ``NEWSLETTER_<NAME>``."""

from django.conf import settings

DEFAULTS = {
    # A confirmation link works this long.
    "CONFIRM_MAX_AGE_DAYS": 7,
    # No second confirmation mail to the same address within this many minutes.
    "CONFIRM_RESEND_MINUTES": 10,
    # Sign-up requests one client may make per hour, and confirmation mails the shop
    # sends per hour in all (see ``limits``).
    "SIGNUPS_PER_CLIENT_PER_HOUR": 5,
    "SIGNUPS_PER_HOUR": 200,
}


def get(name):
    return getattr(settings, f"NEWSLETTER_{name}", DEFAULTS[name])

