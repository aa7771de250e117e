"""Back links from a product page to the live guides that feature it."""

from django import template

from ..models import GuideProduct

register = template.Library()


@register.simple_tag
def guides_featuring(product, limit=3):
    """The newest live guides featuring ``product``: one query."""
    return [row.page for row in GuideProduct.objects.filter(
        product=product, page__live=True, page__view_restrictions__isnull=True)
        .select_related("page").order_by("-page__first_published_at")[:limit]]
