"""A keyed hash of the client for rate limits: the raw IP address is never stored."""

import hashlib
import hmac

from django.conf import settings


def client_hash(request):
    """HMAC-SHA256 of the client address and user agent under the secret key."""
    address = request.META.get("REMOTE_ADDR", "")
    agent = request.META.get("HTTP_USER_AGENT", "")[:200]
    key = f"reviews.client:{settings.SECRET_KEY}".encode()
    return hmac.new(key, f"{address}|{agent}".encode(), hashlib.sha256).hexdigest()
