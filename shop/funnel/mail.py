"""Measured mail: an open pixel and redirecting links with signed tokens.

A token names the mail (kind and id) and a hashed recipient, and for links the
target; ``email_opened``/``email_clicked`` events are recorded from them, and a
forged or altered token gets a 404 and records nothing. Targets are only ever
this shop's own paths, so the redirect cannot be abused to send people away.
"""

import hashlib

from django.conf import settings
from django.core import signing
from django.urls import reverse

from . import tracker
from .models import EventType

SALT = "funnel.mail"


def recipient_key(email):
    """A stable, keyed hash of the address: counts opens per recipient, stores no address."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{email.lower()}".encode()).hexdigest()[:32]


def _token(kind, mail_id, email, target=None):
    data = {"k": kind, "m": str(mail_id), "r": recipient_key(email)}
    if target:
        data["t"] = target
    return signing.dumps(data, salt=SALT, compress=True)


def read_token(token):
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) and {"k", "m", "r"} <= data.keys() else None


def pixel_url(kind, mail_id, email):
    return settings.SHOP_BASE_URL + reverse("funnel-open", args=[_token(kind, mail_id, email)])


def tracked_url(kind, mail_id, email, path):
    """A link through the click redirect to ``path`` on this shop."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError("tracked links lead to this shop's own paths")
    # The click lands with the mail's channel, so the visit counts as email traffic.
    return settings.SHOP_BASE_URL + reverse(
        "funnel-click", args=[_token(kind, mail_id, email, target=path)]) + (
        f"?utm_source={kind}&utm_medium=email")


def record_sent(kind, mail_id, email, user=None):
    tracker.record(EventType.EMAIL_SENT, id=tracker.event_id("sent", kind, mail_id,
                                                             recipient_key(email)),
                   user=user, data={"mail": kind, "mail_id": str(mail_id)})


UNSUBSCRIBE_SALT = "funnel.reminder.unsubscribe"


def unsubscribe_token(email):
    return signing.dumps(email.lower(), salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
