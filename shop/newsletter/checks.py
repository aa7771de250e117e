"""Deployment checks of the newsletter's guard rails."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS = ("django.core.cache.backends.locmem.LocMemCache",
               "django.core.cache.backends.dummy.DummyCache")


@register(Tags.security, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS:
        return [Warning(
            "The sign-up limits are counted in the default cache, which is per process "
            f"({backend.rsplit('.', 1)[-1]}): each worker allows the full limit.",
            hint="Configure a shared cache (Redis, Memcached or the database) as default.",
            id="newsletter.W001")]
    return []
