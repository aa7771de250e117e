"""Where a visit came from: UTM parameters first, else the referrer's kind.

Pure functions; the lists are the usual ones of GA4 and Matomo's channel
grouping, kept short: a referrer that is none of these is a "referral".
"""

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


def _host_matches(host, patterns):
    return any(host == p or host.endswith("." + p) or (p.endswith(".") and p in host)
               or host.startswith(p) for p in patterns)


def classify(utm_source="", utm_medium="", referrer="", own_hosts=()):
    """Return (channel, source, medium) for a session's landing request."""
    source, medium = utm_source.strip().lower()[:100], utm_medium.strip().lower()[:100]
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
    host = (urlsplit(referrer).hostname or "").lower() if referrer else ""
    if not host:
        return DIRECT, "", ""
    if host in own_hosts:
        return INTERNAL, host, ""
    if _host_matches(host, MAIL_SITES):  # before search: mail.google.com is mail
        return EMAIL, host, "email"
    if _host_matches(host, SEARCH_ENGINES):
        return SEARCH, host, "organic"
    if _host_matches(host, SOCIAL_SITES):
        return SOCIAL, host, "social"
    return REFERRAL, host, "referral"
