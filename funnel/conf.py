"""The funnel app's settings, each read at call time as ``FUNNEL_<NAME>``."""

from django.conf import settings

DEFAULTS = {
    # First-party visitor cookie: a random id, nothing else.
    "VISITOR_COOKIE": "shop_vid",
    "VISITOR_COOKIE_AGE": 60 * 60 * 24 * 365,
    # Session cookie: 30 minutes of inactivity end a session.
    "SESSION_COOKIE": "shop_sid",
    "SESSION_MINUTES": 30,
    # Raw events older than this are purged; daily rollups are kept.
    "RETENTION_DAYS": 90,
    # Baskets of known customers untouched this long get one reminder mail.
    "REMINDER_AFTER_HOURS": 24,
    # ... unless older than this (a stale basket is not worth a mail).
    "REMINDER_MAX_AGE_DAYS": 14,
    # Hosts that count as "internal" referrers besides the request's own.
    "INTERNAL_HOSTS": (),
}


def get(name):
    return getattr(settings, f"FUNNEL_{name}", DEFAULTS[name])
