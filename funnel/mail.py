"""Measured mail: an open pixel and redirecting links with signed tokens.

A token names the mail (kind, id and campaign) and a keyed hash of the
recipient, and for links the target; ``email_opened``/``email_clicked``
events are recorded from them, once per recipient and mail, so open and click
rates count people, not reloads. A forged or altered token gets a 404 and
records nothing. Targets are only ever this shop's own paths, so the redirect
cannot be abused to send people away.

The campaign groups mails in the report: each newsletter issue is one
(``newsletter-<id>``); an automated mail's campaign is its kind.
"""

import hashlib
import re

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.http import urlencode

from . import conf, tracker
from .channels import EMAIL
from .models import EventType

SALT = "funnel.mail"
LINK = re.compile(r'(\shref=")(/(?!/)[^"]*)(")')
SOURCE = re.compile(r'(\ssrc=")(/(?!/)[^"]*)(")')


def recipient_key(email):
    """A stable, keyed hash of the address: counts opens per recipient, stores no address."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{email.lower()}".encode()).hexdigest()[:32]


def absolute(path):
    """``path`` on this shop as an absolute URL (``FUNNEL_BASE_URL``)."""
    return conf.base_url() + path


def _token(kind, mail_id, email, campaign, target=None):
    data = {"k": kind, "m": str(mail_id), "r": recipient_key(email), "c": campaign or kind}
    if target:
        data["t"] = target
    return signing.dumps(data, salt=SALT, compress=True)


def read_token(token):
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not {"k", "m", "r"} <= data.keys():
        return None
    data.setdefault("c", data["k"])
    return data


def pixel_url(kind, mail_id, email, campaign=None):
    return absolute(reverse("funnel-open", args=[_token(kind, mail_id, email, campaign)]))


def tracked_url(kind, mail_id, email, path, campaign=None):
    """A link through the click redirect to ``path`` on this shop (or an absolute
    URL of this shop, which is cut back to its path)."""
    base = conf.base_url()
    if path.startswith(base + "/"):
        path = path[len(base):]
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError("tracked links lead to this shop's own paths")
    # The click lands with the mail's channel and campaign, so the visit counts as
    # email traffic and its order can be credited to the mail.
    query = urlencode({"utm_source": kind, "utm_medium": "email",
                       "utm_campaign": campaign or kind})
    return absolute(reverse("funnel-click",
                            args=[_token(kind, mail_id, email, campaign, target=path)])
                    ) + "?" + query


def measure_links(html, kind, mail_id, email, campaign=None):
    """Rewrite a rendered mail for one recipient: every link to a path of this shop
    goes through the click redirect, every image path becomes absolute. Links that
    are already absolute (unsubscribe) are left alone."""
    html = LINK.sub(lambda m: m.group(1) + tracked_url(kind, mail_id, email, m.group(2),
                                                       campaign).replace("&", "&amp;")
                    + m.group(3), html)
    return SOURCE.sub(lambda m: m.group(1) + absolute(m.group(2)) + m.group(3), html)


TEXT_LINK = re.compile(r"LINK\((/(?!/)[^)\s]*)\)")


def text_link(path):
    """Mark a path in a plain-text mail for ``measure_text_links``."""
    return f"LINK({path})"


def measure_text_links(text, kind, mail_id, email, campaign=None):
    """The plain-text part's marked paths as measured links of one recipient."""
    return TEXT_LINK.sub(lambda m: tracked_url(kind, mail_id, email, m.group(1), campaign),
                         text)


def record_sent(kind, mail_id, email, user=None, campaign=None, value=None):
    """A mail went out (``value``: what it is about is worth, e.g. a basket's total)."""
    key = recipient_key(email)
    # Written on its own, not as part of the current request's visit: a send from a
    # staff page (untracked) still counts. Mail is the email channel's activity.
    standalone = tracker.Tracker()
    standalone.record(EventType.EMAIL_SENT, id=tracker.event_id("sent", kind, mail_id, key),
                      user=user, campaign=campaign or kind, value=value, channel=EMAIL,
                      data={"mail": kind, "mail_id": str(mail_id), "r": key})
    standalone.flush()
