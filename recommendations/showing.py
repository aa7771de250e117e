"""Select suggestions for a page and announce them: the template tags' one call.

The announcement (``signals.suggestions_shown``) belongs to the choice, not to
the markup: any page or API that shows suggestions calls these and listeners
(funnel tracking) hear of it, while the tags only build their context.
"""

from . import bundles, conf, selectors
from .signals import suggestions_shown

BOUGHT_TOGETHER, COMPLETE_ORDER = "bought_together", "complete_order"
# The blocks this app renders, as (source, label): what the add-all form accepts.
SOURCES = [(BOUGHT_TOGETHER, "Frequently bought together"),
           (COMPLETE_ORDER, "Complete your order")]


def show_for_product(request, product):
    """"Frequently bought together" for ``product``, announced if not empty."""
    suggestions = selectors.for_product(product, request.strategy)
    _announce(request, suggestions, BOUGHT_TOGETHER, product)
    return suggestions


def bundle_for_product(request, product):
    """The product page's bundle: ``product`` (unless in the basket) and its
    complements, announced like ``show_for_product``."""
    suggestions = show_for_product(request, product)
    return bundles.build(
        product, request.strategy.fetch_for_product(product),
        [bundles.BundleItem(s.product, s.info, s.source, s.anchor) for s in suggestions],
        getattr(request, "basket", None), suggestions.version, suggestions.cache_seconds)


def most_products(source):
    """Products one post from ``source``'s block may add: a bundle's size, one for
    "Complete your order" (each suggestion its own button), a project source's
    own bound (``EXTRA_SOURCES``); None for a source not known."""
    if source == BOUGHT_TOGETHER:
        return conf.get("PRODUCT_PAGE_ITEMS") + 1
    if source == COMPLETE_ORDER:
        return 1
    return next((most for value, _label, most in conf.get("EXTRA_SOURCES")
                 if value == source), None)


def show_for_basket(request):
    """"Complete your order" for ``request.basket``, announced if not empty."""
    suggestions = selectors.for_basket(request.basket, request.strategy)
    _announce(request, suggestions, COMPLETE_ORDER, None)
    return suggestions


def _announce(request, suggestions, source, product):
    if len(suggestions):
        suggestions_shown.send(sender=None, request=request, products=[
            s.product for s in suggestions], source=source, product=product,
            anchors=[s.anchor for s in suggestions])
