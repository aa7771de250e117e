"""Social proof in templates, with a constant number of queries per page.

Both tags read through ``cached`` (see there how fresh each figure is).
``product_proof`` on a product page is computed once per request however many
blocks ask, and costs no query once cached. ``listing_proof`` on a listing
loads the figures of every product on the page at its first call and serves
the rest from the request: one query (the rating summaries) for 20 products.
"""

import json

from django import template
from django.utils.safestring import mark_safe
from oscar.core.loading import get_model

from .. import cached, services

ProductReview = get_model("reviews", "ProductReview")
Vote = get_model("reviews", "Vote")

register = template.Library()


@register.simple_tag(takes_context=True)
def product_proof(context, product):
    """Rating summary, purchase count, top reviews and answered questions of a
    product; computed once per request however many blocks ask."""
    request = context.get("request")
    seen = getattr(request, "_product_proof", {})
    if product.pk in seen:
        return seen[product.pk]
    result = cached.product_proof(product)
    if request is not None:
        request._product_proof = {**seen, product.pk: result}
    return result


@register.simple_tag(takes_context=True)
def listing_proof(context, product, known=None):
    """The figures of one product in a listing, loaded with all its neighbours
    (``known``: figures the caller loaded already, used as they are)."""
    if known:
        return known
    request = context.get("request")
    seen = getattr(request, "_social_proof", None) if request is not None else None
    if seen is None or product.pk not in seen:
        ids = _page_product_ids(context) | {product.pk}
        seen = cached.social_proof(ids)
        if request is not None:
            request._social_proof = seen
    return seen[product.pk]


def _page_product_ids(context):
    ids = set()
    for name in ("page_obj", "products", "object_list"):
        items = context.get(name)
        if items is None:
            continue
        items = getattr(items, "object_list", items)
        for item in items:
            pk = getattr(item, "pk", None)  # a Product, or a haystack SearchResult
            if pk is not None:
                ids.add(int(pk))
        if ids:
            break
    return ids


@register.filter
def star_class(value):
    """Oscar's star-rating CSS class for an average (rounded to a whole star)."""
    if value is None:
        return ""
    return ["", "One", "Two", "Three", "Four", "Five"][max(0, min(5, round(value)))]


@register.simple_tag(takes_context=True)
def product_json_ld(context, product, result):
    """schema.org Product with AggregateRating and up to 5 Reviews, as JSON-LD."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.get_title(),
        "sku": product.upc or str(product.pk),
        "url": request.build_absolute_uri(product.get_absolute_url()),
    }
    info = request.strategy.fetch_for_product(product)
    if info.price.exists:
        data["offers"] = {
            "@type": "Offer",
            "price": str(info.price.incl_tax),
            "priceCurrency": info.price.currency,
            "availability": "https://schema.org/InStock"
            if info.availability.is_available_to_buy else "https://schema.org/OutOfStock",
        }
    if result.count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": round(result.average, 2),
            "reviewCount": result.count,
            "bestRating": 5,
            "worstRating": 1,
        }
        data["review"] = [
            {
                "@type": "Review",
                "name": review.title,
                "reviewBody": review.body,
                "datePublished": review.date_created.date().isoformat(),
                "author": {"@type": "Person", "name": review.display_name},
                "reviewRating": {"@type": "Rating", "ratingValue": review.score,
                                 "bestRating": 5, "worstRating": 1},
            }
            for review in result.reviews[:5]
        ]
    text = json.dumps(data, ensure_ascii=False)
    # As django's json_script does: nothing in the data can close the script tag.
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')




@register.simple_tag(takes_context=True)
def my_votes(context, reviews):
    """{review id: +1 or -1} of the signed-in shopper's votes on ``reviews`` (one query)."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {}
    ids = [review.pk for review in reviews]
    return dict(Vote.objects.filter(user=user, review_id__in=ids)
                .values_list("review_id", "delta"))


@register.filter
def vote_on(votes, review):
    """The shopper's vote on ``review`` from ``my_votes``, or None."""
    return votes.get(review.pk) if votes else None


@register.simple_tag(takes_context=True)
def my_review(context, product):
    """The signed-in shopper's own review of ``product`` (any status), or None."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return None
    return ProductReview.objects.filter(product=product, user=user).first()


@register.simple_tag(takes_context=True)
def may_answer(context, product):
    """Whether the signed-in shopper may answer questions on ``product``
    (``services.may_answer``: staff, and customers who bought it)."""
    user = context.get("user")
    return bool(user is not None and user.is_authenticated
                and services.may_answer(user, product))
