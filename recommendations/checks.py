"""System checks: each setting has its own id, so one fault never renumbers another."""

from django.conf import settings
from django.core.checks import Error, Info, Warning, register
from django.utils.module_loading import import_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.exceptions import InvalidTaskBackendError

from . import conf, holdout, ranking

MIDDLEWARE = "recommendations.holdout.HoldoutMiddleware"

# (setting, id, minimum, hint): integer settings and their lower bound.
INTEGER_SETTINGS = (
    ("MIN_SUPPORT", "E001", 1, "A pair needs at least one order holding both products."),
    ("TOP_N", "E002", 1, "Store at least one complement per product."),
    ("MAX_BASKET_ITEMS", "E003", 2, "An order needs two products to pair them."),
    ("PRODUCT_PAGE_ITEMS", "E004", 1,
     "Show at least one complement, or remove the template tag."),
    ("BASKET_PAGE_ITEMS", "E005", 1,
     "Show at least one suggestion, or remove the template tag."),
    ("FALLBACK_DAYS", "E006", 1, "Best sellers need a window of at least one day."),
    ("FALLBACK_CACHE_SECONDS", "E010", 0, "0 works the best sellers out on every view."),
    ("NEIGHBOURS", "E014", 1, "Regress each product on at least one other."),
    ("MODEL_MAX_PRODUCTS", "E015", 0, "0 always uses the weighted cosine."),
    ("HOLDOUT_COOKIE_AGE", "E017", 1, "The arm must outlive the visit to be kept."),
    ("CACHE_SECONDS", "E011", 0, "0 works the suggestions out on every view."),
)


@register()
def check_settings(app_configs, **kwargs):
    errors = []
    for name, code, minimum, hint in INTEGER_SETTINGS:
        value = conf.get(name)
        if not _is_int(value) or value < minimum:
            errors.append(Error(
                f"RECOMMENDATIONS_{name} must be an integer >= {minimum} (got {value!r}).",
                hint=hint, id=f"recommendations.{code}",
            ))
    reader = conf.get("BASKET_FILE_READER")
    if not _is_importable_callable(reader):
        errors.append(Error(
            f"RECOMMENDATIONS_BASKET_FILE_READER {reader!r} is not an importable callable.",
            hint="Give the dotted path of a function taking a file path, e.g. "
                 f"{conf.DEFAULTS['BASKET_FILE_READER']!r}.",
            id="recommendations.E007",
        ))
    if not _are_sources(conf.get("EXTRA_SOURCES")):
        errors.append(Error(
            "RECOMMENDATIONS_EXTRA_SOURCES must be a list of (value, label, most products) "
            "triples: two strings and an integer >= 1.",
            hint='For example [("guide_bundle", "A guide\'s bundle", 7)].',
            id="recommendations.E009",
        ))
    if conf.get("MODEL") not in ranking.MODELS:
        errors.append(Error(
            f"RECOMMENDATIONS_MODEL must be one of {', '.join(ranking.MODELS)} "
            f"(got {conf.get('MODEL')!r}).", id="recommendations.E016"))
    ridge = conf.get("RIDGE")
    if isinstance(ridge, bool) or not isinstance(ridge, (int, float)) or not ridge > 0:
        errors.append(Error(
            f"RECOMMENDATIONS_RIDGE must be a number > 0 (got {ridge!r}).",
            hint="It keeps each product's regression solvable; 0.25 was chosen on "
                 "a validation split.", id="recommendations.E018"))
    share = conf.get("HOLDOUT_SHARE")
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share < 1:
        errors.append(Error(
            f"RECOMMENDATIONS_HOLDOUT_SHARE must be a number >= 0 and < 1 (got {share!r}).",
            hint="0.1 shows the control to a tenth of visitors; 0 turns the holdout off.",
            id="recommendations.E012",
        ))
    if conf.get("HOLDOUT_CONTROL") not in (holdout.BEST_SELLERS, holdout.NO_BLOCK):
        errors.append(Error(
            f"RECOMMENDATIONS_HOLDOUT_CONTROL must be {holdout.BEST_SELLERS!r} or "
            f"{holdout.NO_BLOCK!r} (got {conf.get('HOLDOUT_CONTROL')!r}).",
            id="recommendations.E013",
        ))
    return errors


@register()
def check_holdout_middleware(app_configs, **kwargs):
    """Without the middleware a visitor's arm is drawn afresh on every page."""
    share = conf.get("HOLDOUT_SHARE")
    if not share or MIDDLEWARE in settings.MIDDLEWARE:
        return []
    return [Warning(
        "RECOMMENDATIONS_HOLDOUT_SHARE is set but the holdout's middleware is not "
        "installed: no visitor keeps their arm.",
        hint=f"Add {MIDDLEWARE!r} to MIDDLEWARE, or set RECOMMENDATIONS_HOLDOUT_SHARE = 0.",
        id="recommendations.W001",
    )]


@register(deploy=True)
def check_task_backend(app_configs, **kwargs):
    """Orders are counted in by a task; an immediate backend runs it in the checkout."""
    try:
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    except InvalidTaskBackendError:  # django-tasks' own checks report it
        return []
    if not isinstance(backend, ImmediateBackend):
        return []
    return [Info(
        "The default django-tasks backend runs tasks immediately: each order is counted "
        "into the recommendations during its checkout request.",
        hint="Point TASKS['default'] at a queueing backend and run its worker to move "
             "that work off the request.",
        id="recommendations.I001",
    )]


def _is_importable_callable(path):
    try:
        return isinstance(path, str) and callable(import_string(path))
    except ImportError:
        return False


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _are_sources(value):
    return isinstance(value, (list, tuple)) and all(
        isinstance(source, (list, tuple)) and len(source) == 3
        and isinstance(source[0], str) and isinstance(source[1], str)
        and _is_int(source[2]) and source[2] >= 1 for source in value)
