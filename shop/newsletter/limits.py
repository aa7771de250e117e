"""Sign-up limits: per client and for the whole shop, per hour, in Django's cache.

Each sign-up mails a confirmation, so the form is a way to make the shop send
mail: a client (a keyed hash of its address, never the address) gets
``SIGNUPS_PER_CLIENT_PER_HOUR`` requests, and the shop sends at most
``SIGNUPS_PER_HOUR`` confirmation mails, whoever asks. Only well-formed requests
count: a typo does not use up a visitor's tries. Fixed hourly windows
counted with the cache's atomic ``add``/``incr`` (shared between processes when
the cache is, e.g. Redis in production).
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from . import conf


def _hit(key, limit, now=None):
    """Count one request in this hour's window; False once over ``limit``."""
    window = int((now or timezone.now()).timestamp() // 3600)
    key = f"newsletter.limit:{key}:{window}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=3600)
        count = 1
    return count <= limit


def client_key(request):
    # Behind reverse proxies shop.middleware.TrustedProxyMiddleware has put the
    # client's own address here.
    address = request.META.get("REMOTE_ADDR", "")
    return hmac.new(settings.SECRET_KEY.encode(), f"newsletter.client:{address}".encode(),
                    hashlib.sha256).hexdigest()[:32]


def allow_client(request, now=None):
    return _hit(f"client:{client_key(request)}", conf.get("SIGNUPS_PER_CLIENT_PER_HOUR"), now)


def allow_mail(now=None):
    return _hit("all", conf.get("SIGNUPS_PER_HOUR"), now)
