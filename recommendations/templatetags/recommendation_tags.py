from django import template

from .. import showing

register = template.Library()


@register.inclusion_tag("recommendations/partials/bought_together.html", takes_context=True)
def bought_together(context, product):
    """"Frequently bought together" for a product page."""
    request = context["request"]
    return {
        "product": product,
        "suggestions": showing.show_for_product(request, product),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("recommendations/partials/complete_your_order.html", takes_context=True)
def complete_your_order(context):
    """"Complete your order" for the basket page."""
    request = context["request"]
    return {
        "suggestions": showing.show_for_basket(request),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
