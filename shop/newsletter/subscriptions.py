"""Double opt-in: a request stores the address and mails a signed link; only
the link's owner confirming makes the address a subscriber.

The answer to a request is the same whether the address is new, waiting or
already subscribed, so the form tells nobody who subscribes; and an address
gets at most one confirmation mail per ``CONFIRM_RESEND_MINUTES``, so the form
cannot be used to flood someone's inbox. The confirmation link names the
request by id and a keyed hash of its address, never the address itself.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from shop.mail import addresses
from shop.mail import conf as mail_conf
from shop.mail.lists import MailList

from . import conf
from .models import Subscriber

CONFIRM_SALT = "newsletter.confirm"


class Busy(Exception):
    """No confirmation mail now: the hourly limit is reached; nothing was stored."""


class NewsletterList(MailList):
    """Who confirmed and has not unsubscribed since."""

    def is_open_to(self, email):
        return Subscriber.objects.confirmed().filter(email=email.strip().lower()).exists()

    def opt_out(self, email):
        Subscriber.objects.filter(email=email.strip().lower(),
                                  unsubscribed_at__isnull=True).update(
            unsubscribed_at=timezone.now())

    def opt_in(self, email):
        # Only who had confirmed before comes back without a new confirmation.
        Subscriber.objects.filter(email=email.strip().lower(),
                                  confirmed_at__isnull=False).update(unsubscribed_at=None)


def _address_key(email):
    return hmac.new(settings.SECRET_KEY.encode(), f"{CONFIRM_SALT}:{email.lower()}".encode(),
                    hashlib.sha256).hexdigest()[:16]


def confirm_token(subscriber):
    return signing.dumps({"s": subscriber.pk, "h": _address_key(subscriber.email)},
                         salt=CONFIRM_SALT)


def read_confirm_token(token):
    """The subscriber (request) a genuine, fresh token names, else None."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT,
                             max_age=conf.get("CONFIRM_MAX_AGE_DAYS") * 86400)
    except signing.BadSignature:  # includes an expired signature
        return None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        return None
    subscriber = Subscriber.objects.filter(pk=data["s"]).first()
    if subscriber is None or not hmac.compare_digest(str(data.get("h")),
                                                     _address_key(subscriber.email)):
        return None
    return subscriber


def request_subscription(email, now=None, may_mail=lambda: True):
    """Store the request and mail the confirmation link; True when a mail went out.
    A reserved address (``mail.addresses``) is neither stored nor mailed; when
    ``may_mail()`` says no, ``Busy`` is raised and nothing is stored."""
    email, now = email.strip().lower(), now or timezone.now()
    if not addresses.is_deliverable(email):
        return False
    quiet_since = now - timedelta(minutes=conf.get("CONFIRM_RESEND_MINUTES"))
    with transaction.atomic():
        try:
            with transaction.atomic():
                subscriber, created = Subscriber.objects.get_or_create(
                    email=email, defaults={"requested_at": now})
        except IntegrityError:  # the same address, submitted twice at once
            subscriber, created = Subscriber.objects.get(email=email), False
        if subscriber.is_confirmed:
            return False
        # Claim the right to mail atomically: two requests at once send one mail.
        if not created and not Subscriber.objects.filter(
                pk=subscriber.pk, requested_at__lt=quiet_since).update(requested_at=now):
            return False
        if not may_mail():  # the shop's hourly budget of confirmations is spent
            raise Busy
    link = mail_conf.absolute(reverse("newsletter:confirm",
                                      args=[confirm_token(subscriber)]))
    context = {"confirm_url": link, "days": conf.get("CONFIRM_MAX_AGE_DAYS")}
    message = EmailMultiAlternatives(
        subject=render_to_string("newsletter/mail/confirm_subject.txt", context).strip(),
        body=render_to_string("newsletter/mail/confirm.txt", context),
        from_email=mail_conf.from_email(), to=[email])
    message.attach_alternative(render_to_string("newsletter/mail/confirm.html", context),
                               "text/html")
    try:
        message.send()
    except Exception:
        # Give the next attempt its mail: forget the claim (or the fresh request).
        if created:
            Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).delete()
        else:
            Subscriber.objects.filter(pk=subscriber.pk).update(requested_at=quiet_since)
        raise
    return True


def confirm(subscriber, now=None):
    """Confirm the address (again, after an unsubscribe); the subscriber, or None
    when the request is no longer on record (it was deleted meanwhile)."""
    now = now or timezone.now()
    Subscriber.objects.filter(pk=subscriber.pk).exclude(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True).update(
        confirmed_at=now, unsubscribed_at=None)
    subscriber = Subscriber.objects.filter(pk=subscriber.pk).first()
    return subscriber if subscriber and subscriber.is_confirmed else None
