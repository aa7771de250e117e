from django.core.checks import Error, register

from . import conf


@register()
def check_settings(app_configs, **kwargs):
    errors = []
    for name, minimum, hint in (
        ("MIN_SUPPORT", 1, "A pair needs at least one order holding both products."),
        ("TOP_N", 1, "Store at least one complement per product."),
        ("MAX_BASKET_ITEMS", 2, "An order needs two products to pair them."),
        ("PRODUCT_PAGE_ITEMS", 1, "Show at least one complement, or remove the template tag."),
        ("BASKET_PAGE_ITEMS", 1, "Show at least one suggestion, or remove the template tag."),
        ("FALLBACK_DAYS", 1, "Best sellers need a window of at least one day."),
    ):
        value = conf.get(name)
        if not isinstance(value, int) or value < minimum:
            errors.append(Error(
                f"RECOMMENDATIONS_{name} must be an integer >= {minimum} (got {value!r}).",
                hint=hint, id=f"recommendations.E00{len(errors) + 1}",
            ))
    return errors
