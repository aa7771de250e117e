"""Select suggestions for a page and announce them: the template tags' one call.

The announcement (``signals.suggestions_shown``) belongs to the choice, not to
the markup: any page or API that shows suggestions calls these and listeners
(funnel tracking) hear of it, while the tags only build their context.
"""

from . import selectors
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


def show_for_basket(request):
    """"Complete your order" for ``request.basket``, announced if not empty."""
    suggestions = selectors.for_basket(request.basket, request.strategy)
    _announce(request, suggestions, COMPLETE_ORDER, None)
    return suggestions


def _announce(request, suggestions, source, product):
    if len(suggestions):
        suggestions_shown.send(sender=None, request=request, products=[
            s.product for s in suggestions], source=source, product=product)
