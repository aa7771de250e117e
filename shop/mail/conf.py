"""The mail app's settings, each read at call time as ``MAIL_<NAME>``."""

from django.conf import settings

DEFAULTS = {
    # A delivery that failed this many times is given up (status "failed").
    "MAX_ATTEMPTS": 3,
    # Except an order's confirmation: send_order_confirmations (every 10 minutes)
    # keeps trying it through a mail server's outage of up to half a day.
    "CONFIRMATION_MAX_ATTEMPTS": 72,
    # The From: of mails this app composes itself (newsletters, confirmations);
    # None: Oscar's OSCAR_FROM_EMAIL, which the automated mails use through Oscar's
    # communication app.
    "FROM_EMAIL": None,
    # Domains (and their subdomains) never mailed, besides the reserved top-level
    # domains of RFC 2606/6761 (.invalid, .test, .example, .localhost), which
    # never are: e.g. ("example.com", "mailinator.com").
    "UNDELIVERABLE_DOMAINS": (),
    # Baskets of known customers untouched this long get one reminder mail ...
    "REMINDER_AFTER_HOURS": 24,
    # ... unless older than this (a stale basket is not worth a mail).
    "REMINDER_MAX_AGE_DAYS": 14,
}


def get(name):
    return getattr(settings, f"MAIL_{name}", DEFAULTS[name])


def from_email():
    return get("FROM_EMAIL") or getattr(settings, "OSCAR_FROM_EMAIL", None) or \
        settings.DEFAULT_FROM_EMAIL


def absolute(path):
    """``path`` on this shop as a URL a mail reader can follow: ``SHOP_BASE_URL``
    (the one setting every link in every mail starts with) plus the path."""
    return settings.SHOP_BASE_URL.rstrip("/") + path
