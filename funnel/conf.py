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
    # An order is credited to content read, reviews read and mail clicked by the same
    # visitor within this many days before it.
    "ATTRIBUTION_DAYS": 7,
    # An open basket untouched this long counts as abandoned.
    "ABANDONED_AFTER_HOURS": 24,
    # The report's worst-products tables list a product only from this many views
    # (baskets) in the period: a rate from 3 views says nothing.
    "MIN_PRODUCT_VIEWS": 20,
    "MIN_PRODUCT_BASKETS": 10,
    # The suggestions' A/B comparison shows no difference below this many visitors
    # in either arm: "not enough data yet".
    "HOLDOUT_MIN_VISITORS": 100,
    # Hosts that count as "internal" referrers besides the request's own.
    "INTERNAL_HOSTS": (),
    # Path prefixes that are not visits, besides those never tracked: Oscar's
    # dashboard, Django's and Wagtail's admin (found by URL name), STATIC_URL,
    # MEDIA_URL and the mail open pixel.
    "UNTRACKED_PATHS": (),
    # Absolute links in mail start with this (the shop's public URL, https in
    # production); unset, the current Site's domain is used.
    "BASE_URL": None,
    # Campaign keys (utm_campaign) an order may be credited to besides mails actually
    # sent (those with email_sent events): e.g. ["spring-sale"]. Any other value a
    # link carries is counted as "other campaigns", so nobody can claim a newsletter's
    # orders by typing its key into a URL.
    "CAMPAIGNS": (),
    # Dotted path to a callable(campaign keys) -> {campaign: label} naming the
    # project's own mail campaigns (newsletters) in the report; None: keys as they are.
    "CAMPAIGN_LABELS": None,
}


def get(name):
    return getattr(settings, f"FUNNEL_{name}", DEFAULTS[name])


def base_url():
    """``BASE_URL`` without its trailing slash, else the current Site's domain."""
    url = get("BASE_URL")
    if url:
        return url.rstrip("/")
    from django.contrib.sites.models import Site

    scheme = "http" if settings.DEBUG else "https"
    return f"{scheme}://{Site.objects.get_current().domain}"
