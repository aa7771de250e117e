"""The Sites framework's domain, kept to ``SHOP_BASE_URL``.

Oscar's mails build some links from the current Site's domain and
``OSCAR_URL_SCHEMA`` (the order confirmation's status link); left at Django's
``example.com`` they point nowhere. ``migrate``, which ``make demo`` and ``make
serve`` run on every start, sets the domain from the base URL.
"""

from urllib.parse import urlsplit

from django.apps import apps as global_apps
from django.conf import settings


def follow_base_url(using="default", apps=global_apps, **kwargs):
    """Set the current Site's domain to ``SHOP_BASE_URL``'s host (and port): a
    ``post_migrate`` receiver. The base URL is a scheme and a host, no path."""
    domain = urlsplit(settings.SHOP_BASE_URL).netloc
    if domain:
        apps.get_model("sites", "Site").objects.using(using).update_or_create(
            pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.OSCAR_SHOP_NAME})
