from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("recommendations/partials/bought_together.html", takes_context=True)
def bought_together(context, product):
    """"Frequently bought together" for a product page."""
    request = context["request"]
    return {
        "product": product,
        "suggestions": selectors.for_product(product, request.strategy),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("recommendations/partials/complete_your_order.html", takes_context=True)
def complete_your_order(context):
    """"Complete your order" for the basket page."""
    request = context["request"]
    return {
        "suggestions": selectors.for_basket(request.basket, request.strategy),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
