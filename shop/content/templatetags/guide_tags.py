"""Back links from a product page to the live guides that feature it."""

from django import template

from .. import links

register = template.Library()


@register.simple_tag(takes_context=True)
def guides_featuring(context, product):
    """[{"title", "url"}] of the newest live guides featuring ``product``, from
    the cache (``links``): no query once warm."""
    return links.guide_links(context.get("request"), product.pk)
