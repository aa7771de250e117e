"""Where a visit came from: UTM parameters first, else the referrer's kind.

Pure functions; the lists are the usual ones of GA4 and Matomo's channel
grouping, kept short: a referrer that is none of these is a "referral".
"""

import unicodedata
from urllib.parse import urlsplit

DIRECT, SEARCH, SOCIAL, EMAIL, REFERRAL, INTERNAL, PAID = (
    "direct", "search", "social", "email", "referral", "internal", "paid")
CHANNELS = [(DIRECT, "Direct"), (SEARCH, "Organic search"), (SOCIAL, "Social"),
            (EMAIL, "Email"), (REFERRAL, "Referral"), (INTERNAL, "Internal"), (PAID, "Paid")]

SEARCH_ENGINES = ("google.", "bing.com", "duckduckgo.com", "yahoo.", "ecosia.org",
                  "baidu.com", "yandex.", "search.brave.com", "qwant.com", "startpage.com")
SOCIAL_SITES = ("facebook.com", "instagram.com", "t.co", "twitter.com", "x.com",
                "pinterest.", "linkedin.com", "reddit.com", "tiktok.com", "youtube.com",
                "threads.net", "bsky.app", "mastodon.")
MAIL_SITES = ("mail.google.com", "outlook.live.com", "mail.yahoo.com", "webmail.")
PAID_MEDIUMS = ("cpc", "ppc", "paid", "paidsearch", "display", "cpm")


FIELD_LENGTH = 100  # of Event.source, .medium and .campaign


def clean(value, limit=FIELD_LENGTH):
    """A visitor-supplied label as stored: no control or format characters (Unicode
    categories C*), trimmed, lower case, at most ``limit`` characters."""
    value = "".join(ch for ch in str(value or "")
                    if not unicodedata.category(ch).startswith("C"))
    return value.strip().lower()[:limit].strip()


def _host_matches(host, patterns):
    return any(host == p or host.endswith("." + p) or (p.endswith(".") and p in host)
               or host.startswith(p) for p in patterns)


def classify(utm_source="", utm_medium="", referrer="", own_hosts=()):
    """Return (channel, source, medium) for a session's landing request."""
    source, medium = clean(utm_source), clean(utm_medium)
    if source or medium:
        if medium in PAID_MEDIUMS:
            channel = PAID
        elif medium in ("email", "e-mail", "newsletter") or source == "newsletter":
            channel = EMAIL
        elif medium in ("social", "social-network", "sm"):
            channel = SOCIAL
        elif medium == "organic":
            channel = SEARCH
        else:
            channel = REFERRAL
        return channel, source, medium
    try:
        host = clean(urlsplit(referrer).hostname or "", 255) if referrer else ""
    except ValueError:  # a malformed referrer is no referrer
        host = ""
    if not host:
        return DIRECT, "", ""
    if host in own_hosts:
        return INTERNAL, host[:FIELD_LENGTH], ""
    if _host_matches(host, MAIL_SITES):  # before search: mail.google.com is mail
        return EMAIL, host[:FIELD_LENGTH], "email"
    if _host_matches(host, SEARCH_ENGINES):
        return SEARCH, host[:FIELD_LENGTH], "organic"
    if _host_matches(host, SOCIAL_SITES):
        return SOCIAL, host[:FIELD_LENGTH], "social"
    return REFERRAL, host[:FIELD_LENGTH], "referral"
