"""System checks: what the funnel needs to record anything, and what production must set."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from . import conf

MIDDLEWARE = "funnel.middleware.FunnelMiddleware"


@register()
def check_middleware(app_configs, **kwargs):
    middleware = list(settings.MIDDLEWARE)
    if MIDDLEWARE not in middleware:
        return [Error(f"{MIDDLEWARE} is not in MIDDLEWARE: no visit or page step is recorded.",
                      hint="Add it after Oscar's BasketMiddleware.", id="funnel.E001")]
    needed = ["django.contrib.auth.middleware.AuthenticationMiddleware",
              "oscar.apps.basket.middleware.BasketMiddleware"]
    before = [name for name in needed if name in middleware
              and middleware.index(name) > middleware.index(MIDDLEWARE)]
    if before:
        return [Error(f"{MIDDLEWARE} comes before {', '.join(before)}: events would miss the "
                      "customer and the basket.", hint="Move it after them.",
                      id="funnel.E002")]
    return []


@register()
def check_settings(app_configs, **kwargs):
    errors = []
    for name, error_id in (("UNTRACKED_PATHS", "funnel.E009"), ("INTERNAL_HOSTS", "funnel.E010"),
                           ("CAMPAIGNS", "funnel.E012")):
        value = conf.get(name)
        if isinstance(value, str) or not all(isinstance(item, str) for item in value):
            errors.append(Error(f"FUNNEL_{name} must be a list of strings (got {value!r}).",
                                hint="A single string would be read letter by letter.",
                                id=error_id))
    for name, error_id in (("SESSION_MINUTES", "funnel.E003"), ("RETENTION_DAYS", "funnel.E004"),
                           ("ATTRIBUTION_DAYS", "funnel.E005"),
                           ("ABANDONED_AFTER_HOURS", "funnel.E014"),
                           ("MIN_PRODUCT_VIEWS", "funnel.E015"),
                           ("MIN_PRODUCT_BASKETS", "funnel.E013")):
        value = conf.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            errors.append(Error(f"FUNNEL_{name} must be an integer >= 1 (got {value!r}).",
                                hint="See funnel/conf.py for what it does.", id=error_id))
    labels = conf.get("CAMPAIGN_LABELS")
    if labels:
        try:
            import_string(labels)
        except ImportError as exc:
            errors.append(Error(f"FUNNEL_CAMPAIGN_LABELS cannot be imported: {exc}",
                                hint="A dotted path to a callable, or None.",
                                id="funnel.E008"))
    return errors


@register(Tags.urls)
def check_urls(app_configs, **kwargs):
    try:
        reverse("funnel-open", args=["x"])
    except NoReverseMatch:
        return [Error("The funnel's URLs are not included: mail opens and clicks "
                      "cannot be served, and no visit is tracked.",
                      hint='Add path("", include("funnel.urls")) to your ROOT_URLCONF.',
                      id="funnel.E011")]
    return []


@register(Tags.security, deploy=True)
def check_base_url(app_configs, **kwargs):
    url = conf.get("BASE_URL")
    if not url:
        return [Warning("FUNNEL_BASE_URL is not set: links in mail use the current Site's "
                        "domain.", hint="Set it to the shop's public https URL.",
                        id="funnel.W001")]
    if not url.startswith("https://"):
        return [Warning(f"FUNNEL_BASE_URL is not https ({url}).",
                        hint="Mail links should not send shoppers to plain http.",
                        id="funnel.W002")]
    return []
