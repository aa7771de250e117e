"""Select suggestions for a page and announce them: the template tags' one call.

The announcement (``signals.suggestions_shown``) belongs to the choice, not to
the markup: any page or API that shows suggestions calls these and listeners
(funnel tracking) hear of it, while the tags only build their context. Here too
the A/B holdout (``holdout``) swaps the control in for a visitor in its arm.
"""

from . import bundles, conf, holdout, selectors
from .selectors import Suggestions
from .signals import suggestions_shown

BOUGHT_TOGETHER, COMPLETE_ORDER = "bought_together", "complete_order"
# The blocks this app renders, as (source, label): what the add-all form accepts.
SOURCES = [(BOUGHT_TOGETHER, "Frequently bought together"),
           (COMPLETE_ORDER, "Complete your order")]


def show_for_product(request, product):
    """"Frequently bought together" for ``product`` (or the holdout's control), announced."""
    assignment = holdout.assign(request)
    if assignment.arm == holdout.SUGGESTIONS:
        suggestions = selectors.for_product(product, request.strategy)
    else:
        suggestions = _control("product", [product.pk], product, request)
    for suggestion in suggestions:  # a best seller filling in is still shown for the page's
        suggestion.anchor = suggestion.anchor or product.pk  # product (fresh per request)
    _announce(request, suggestions, BOUGHT_TOGETHER, product, assignment)
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
    """"Complete your order" for ``request.basket`` (or the holdout's control), announced."""
    lines = [line for line in request.basket.all_lines() if line.product_id]
    if not lines:
        return Suggestions([])
    assignment = holdout.assign(request)
    if assignment.arm == holdout.SUGGESTIONS:
        suggestions = selectors.for_basket(request.basket, request.strategy)
    else:
        suggestions = _control("basket", [line.product_id for line in lines],
                               lines[0].product, request)
    _announce(request, suggestions, COMPLETE_ORDER, None, assignment)
    return suggestions


def _control(kind, product_ids, category_of, request):
    if not holdout.control_shows_block():
        return Suggestions([])
    limit = conf.get("PRODUCT_PAGE_ITEMS" if kind == "product" else "BASKET_PAGE_ITEMS")
    return selectors.control(kind, product_ids, category_of, request.strategy, limit)


def _announce(request, suggestions, source, product, assignment):
    """Tell listeners what was displayed, with the visitor's recorded arm. A compared
    visit is announced in either arm even when nothing is displayed (a control with
    no block, a page with nothing to suggest): exposure is the same rule for both."""
    if len(suggestions) or assignment.recorded is not None:
        suggestions_shown.send(sender=None, request=request, products=[
            s.product for s in suggestions], source=source, product=product,
            anchors=[s.anchor for s in suggestions], arm=assignment.recorded)
