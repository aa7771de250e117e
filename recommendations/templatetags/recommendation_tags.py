from django import template

from .. import selectors
from ..signals import suggestions_shown

register = template.Library()


@register.inclusion_tag("recommendations/partials/bought_together.html", takes_context=True)
def bought_together(context, product):
    """"Frequently bought together" for a product page."""
    request = context["request"]
    suggestions = selectors.for_product(product, request.strategy)
    _shown(request, suggestions, "bought_together", product)
    return {
        "product": product,
        "suggestions": suggestions,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("recommendations/partials/complete_your_order.html", takes_context=True)
def complete_your_order(context):
    """"Complete your order" for the basket page."""
    request = context["request"]
    suggestions = selectors.for_basket(request.basket, request.strategy)
    _shown(request, suggestions, "complete_order", None)
    return {
        "suggestions": suggestions,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


def _shown(request, suggestions, source, product):
    if len(suggestions):
        suggestions_shown.send(sender=None, request=request, products=[
            s.product for s in suggestions], source=source, product=product)
