from django import template
from django.utils.translation import gettext as _

from .. import selectors, showing

register = template.Library()


@register.inclusion_tag("recommendations/partials/bought_together.html", takes_context=True)
def bought_together(context, product):
    """"Frequently bought together" for a product page: the product's bundle."""
    request = context["request"]
    return {
        "product": product,
        "bundle": showing.bundle_for_product(request, product),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("recommendations/partials/complete_your_order.html", takes_context=True)
def complete_your_order(context):
    """"Complete your order" for the basket page, each suggestion with why it is there."""
    request = context["request"]
    suggestions = showing.show_for_basket(request)
    names = {line.product_id: line.product.get_title()
             for line in request.basket.all_lines() if line.product_id} if suggestions else {}
    return {
        "suggestions": suggestions,
        "rows": [{"suggestion": s, "reason": reason(s, names)} for s in suggestions],
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


def reason(suggestion, names):
    """Why a suggestion is in the basket's list, in the shopper's words."""
    anchor = names.get(suggestion.anchor)
    if anchor and suggestion.source == selectors.MINED:
        return _("Often bought with %(product)s") % {"product": anchor}
    if anchor:  # Oscar's own entry or an operator's pin: a pairing, not a purchase count
        return _("Goes with %(product)s") % {"product": anchor}
    return _("Popular in the shop right now")
