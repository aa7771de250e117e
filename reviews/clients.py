"""A keyed hash of the client for rate limits: the raw IP address is never stored.

The key is the client's address alone: a User-Agent costs nothing to change, and
behind a proxy it would put every shopper with the same browser in one bucket.
``REMOTE_ADDR`` must therefore be the client's address; behind a reverse proxy the
project sets it from the hop it trusts (this shop: ``TRUSTED_PROXY_HOPS``). An IPv6
client is keyed by its /64 network, which one household or phone is given whole.
"""

import hashlib
import hmac
import ipaddress

from django.conf import settings


def client_hash(request):
    """HMAC-SHA256 of the client's address (its /64 for IPv6) under the secret key."""
    key = f"reviews.client:{settings.SECRET_KEY}".encode()
    return hmac.new(key, client_network(request.META.get("REMOTE_ADDR", "")).encode(),
                    hashlib.sha256).hexdigest()


def client_network(address):
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:  # ::ffff:198.51.100.7 is that IPv4 client
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
