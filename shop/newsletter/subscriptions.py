"""Double opt-in: a request stores the address and mails a signed link; only
the link's owner confirming makes the address a subscriber.

The answer to a request is the same whether the address is new, waiting or
already subscribed, so the form tells nobody who subscribes; and an address
gets at most one confirmation mail per ``CONFIRM_RESEND_MINUTES``, so the form
cannot be used to flood someone's inbox.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import conf
from .models import Subscriber

CONFIRM_SALT = "newsletter.confirm"


def confirm_token(email):
    return signing.dumps(email.lower(), salt=CONFIRM_SALT)


def read_confirm_token(token):
    try:
        return signing.loads(token, salt=CONFIRM_SALT,
                             max_age=conf.get("CONFIRM_MAX_AGE_DAYS") * 86400)
    except signing.BadSignature:  # includes an expired signature
        return None


def request_subscription(email, now=None):
    """Store the request and mail the confirmation link; True when a mail went out."""
    email, now = email.strip().lower(), now or timezone.now()
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
    link = settings.SHOP_BASE_URL.rstrip("/") + reverse(
        "newsletter:confirm", args=[confirm_token(email)])
    context = {"confirm_url": link, "days": conf.get("CONFIRM_MAX_AGE_DAYS")}
    message = EmailMultiAlternatives(
        subject=render_to_string("newsletter/mail/confirm_subject.txt", context).strip(),
        body=render_to_string("newsletter/mail/confirm.txt", context),
        from_email=conf.from_email(), to=[email])
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


def confirm(email, now=None):
    """Confirm the address (again, after an unsubscribe); the subscriber, or None
    when no request is on record (it was deleted meanwhile)."""
    now = now or timezone.now()
    updated = Subscriber.objects.filter(email=email.lower()).exclude(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True).update(
        confirmed_at=now, unsubscribed_at=None)
    subscriber = Subscriber.objects.filter(email=email.lower()).first()
    return subscriber if (updated or (subscriber and subscriber.is_confirmed)) else None
