"""What the storefront shows: suggestions for a product and for a basket.

One rule, ``ranked_candidates``, decides what may be suggested with a set of
products and in which order; ``for_product``, ``for_basket`` and
``complement_ids`` only differ in what they do with its answer. Only products
a shopper can buy now are shown. When the evidence runs short, best sellers of
the product's category over the last ``FALLBACK_DAYS`` days fill in, then the
shop's, then any buyable product, so a shop with stock never shows an empty
block.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import (
    Case,
    Exists,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from sales import queries

from . import bundles, cached, conf
from .models import ComplementOverride, ProductComplement

Product = get_model("catalogue", "Product")
ProductRecommendation = get_model("catalogue", "ProductRecommendation")

MANUAL, PINNED, MINED, BEST_SELLER = "manual", "pinned", "mined", "best_seller"
# ``precedence`` annotated by ``ranked_candidates`` indexes this: best first.
PRECEDENCE = (MANUAL, PINNED, MINED)
# Best first: manual entries by their ranking, then pins, then mined pairs by
# (summed) score; the product id breaks ties so the order is stable.
RANKING = ("precedence", "-manual_rank", "-score", "id")
# Products per ``complement_ids`` query: one SELECT each in a UNION (SQLite allows 500).
COMPOUND_CHUNK = 100


@dataclass
class Suggestion:
    product: object
    info: object  # Oscar PurchaseInfo: price, availability, stockrecord
    source: str
    score: float = 0.0
    # The pk of the product (the page's, or one in the basket) that puts this one
    # forward most; None for a best seller filling in.
    anchor: int | None = None

    @property
    def price(self):
        return self.info.price


@dataclass
class Suggestions:
    items: list
    # Names this exact block (which products, from where, at which prices), so its
    # markup can be cached under it; None: not to be cached.
    version: str | None = None

    @property
    def cache_seconds(self):
        return conf.get("CACHE_SECONDS") if self.version else 0

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


def ranked_candidates(product_ids):
    """Products to suggest with ``product_ids``, best first: the one precedence rule.

    Oscar's hand-entered ``ProductRecommendation`` entries come first (highest
    ranking first), then operator pins, then mined pairs bought together at
    least ``MIN_SUPPORT`` times with a positive score, by score summed over
    ``product_ids``. A pair
    the operator blocked puts nothing forward; with several products, another
    product's unblocked pair still may. ``product_ids`` themselves are never
    candidates.

    A lazy queryset of products (buyability is the caller's), annotated with
    ``precedence`` (index into ``PRECEDENCE``, see ``source``), ``manual_rank``
    and ``score`` (summed mined score, 0 if none): a caller adds its filters,
    slice and prefetches and pays one query.
    """
    ids = list(product_ids)
    blocked = ComplementOverride.objects.filter(action=ComplementOverride.BLOCK)
    manual = ProductRecommendation.objects.filter(primary__in=ids).exclude(Exists(blocked.filter(
        product=OuterRef("primary"), complement=OuterRef("recommendation"))))
    pins = ComplementOverride.objects.filter(product__in=ids, action=ComplementOverride.PIN)
    # A pair counted in since the last rebuild of a model that rescores only then has
    # score 0 until it does: not a suggestion yet.
    mined = ProductComplement.objects.filter(
        product__in=ids, baskets__gte=conf.get("MIN_SUPPORT"), score__gt=0,
    ).exclude(Exists(blocked.filter(product=OuterRef("product"),
                                    complement=OuterRef("complement"))))
    return (
        Product.objects
        .filter(Q(pk__in=manual.values("recommendation")) | Q(pk__in=pins.values("complement"))
                | Q(pk__in=mined.values("complement")))
        .exclude(pk__in=ids)
        .annotate(
            precedence=Case(
                When(Exists(manual.filter(recommendation=OuterRef("pk"))),
                     then=Value(PRECEDENCE.index(MANUAL))),
                When(Exists(pins.filter(complement=OuterRef("pk"))),
                     then=Value(PRECEDENCE.index(PINNED))),
                default=Value(PRECEDENCE.index(MINED)), output_field=IntegerField()),
            manual_rank=Coalesce(
                Subquery(manual.filter(recommendation=OuterRef("pk")).order_by("-ranking")
                         .values("ranking")[:1]),
                Value(-1), output_field=IntegerField()),
            score=Coalesce(
                Subquery(mined.filter(complement=OuterRef("pk")).order_by()
                         .values("complement").annotate(total=Sum("score")).values("total")),
                Value(0.0), output_field=FloatField()),
        )
        .order_by(*RANKING)
    )


def source(candidate):
    """Where a product from ``ranked_candidates`` comes from: manual, pinned or mined."""
    return PRECEDENCE[candidate.precedence]


def for_product(product, strategy, limit=None):
    """Up to ``limit`` buyable complements of ``product``: no query once cached
    (but Oscar's strategy reads a parent product's children on every view)."""
    limit = limit or conf.get("PRODUCT_PAGE_ITEMS")
    return _suggest("product", [product.pk], product, strategy, limit)


def for_basket(basket, strategy, limit=None):
    """Suggestions for the whole basket, by the rule of ``ranked_candidates``.

    Mined scores are summed over the basket's lines, so what goes with several
    lines rises; a product blocked for one line still comes through another
    line's pin, entry or mined pair. Nothing in the basket is suggested, and
    the best-seller fallback never offers a product blocked for any line.
    """
    limit = limit or conf.get("BASKET_PAGE_ITEMS")
    lines = [line for line in basket.all_lines() if line.product_id]
    in_basket = {line.product_id for line in lines}
    if not in_basket:
        return Suggestions([])
    return _suggest("basket", in_basket, lines[0].product, strategy, limit)


def _suggest(kind, product_ids, category_of, strategy, limit):
    """The first ``limit`` buyable ``candidates``, from the cache (``cached``) with
    their stock records; Oscar's strategy prices them for this request."""
    entry_key = cached.key(kind, product_ids, limit)
    found = cached.get_or_compute(entry_key, lambda: candidates(product_ids, category_of, limit))
    return _pick(entry_key, found, strategy, limit)


def _pick(entry_key, found, strategy, limit):
    """The first ``limit`` of ``found`` a shopper can buy now, priced for this request,
    named for the markup's cache."""
    chosen = []
    for product, origin, score, anchor in found:
        if len(chosen) >= limit:
            break
        _take(chosen, product, strategy, origin, score, limit, anchor)
    shown = [(s.product.pk, s.source, str(s.price.incl_tax), s.price.currency) for s in chosen]
    return Suggestions(chosen, version=f"{entry_key}:{hash_of(shown)}")


def hash_of(value):
    """A short stable digest of ``value``'s repr, for cache keys."""
    return hashlib.sha256(repr(value).encode()).hexdigest()[:32]


def candidates(product_ids, category_of, limit):
    """[(product, source, score, anchor)] worth trying, best first: ``ranked_candidates``'
    first ``3 * limit`` public products, then as many best sellers of
    ``category_of``'s category, then of the shop, then the newest products in
    stock (never ``product_ids`` or a product blocked for any of them), so that
    ``limit`` of them can still be bought when some sell out; with their stock
    records and ``anchors``. Three queries when the ranking alone fills the list
    of one product, a few more with several or the fallback."""
    room = limit * 3
    ranked = list(ranked_candidates(product_ids).browsable().select_related("product_class")
                  [:room])
    ids = list(product_ids)
    # One product puts forward everything ranked for it; several need a look.
    by = (dict.fromkeys((c.pk for c in ranked), ids[0]) if len(ids) == 1
          else anchors(ids, [c.pk for c in ranked]))
    found = [(c, source(c), float(c.score), by.get(c.pk)) for c in ranked]
    if len(found) >= room:
        return _with_stock(found)
    exclude = {*product_ids, *(c.pk for c, *_ in found), *blocked_for(product_ids)}
    return _with_stock(found + best_seller_candidates(category_of, room, exclude))


def blocked_for(product_ids):
    """Products the operator blocked for any of ``product_ids``."""
    return set(ComplementOverride.objects.filter(
        product__in=product_ids, action=ComplementOverride.BLOCK).values_list(
        "complement", flat=True))


def best_seller_candidates(category_of, room, exclude):
    """[(product, BEST_SELLER, 0.0, None)]: up to ``room`` public products not in
    ``exclude``, best sellers of ``category_of``'s category first, then of the shop,
    then the newest in stock."""
    exclude = set(exclude)
    category = category_of.categories.only("pk", "path").order_by("pk").first()
    fallback = []
    for ids in (
        lambda: best_seller_ids(category) if category else [],
        lambda: best_seller_ids(None),
        lambda: list(Product.objects.browsable().filter(stockrecords__num_in_stock__gt=0)
                     .order_by("-date_created", "pk").values_list("pk", flat=True)
                     [:room + len(exclude)]),
    ):
        for pk in ids():
            if pk not in exclude:
                exclude.add(pk)
                fallback.append(pk)
        if len(fallback) >= room:
            break
    products = Product.objects.browsable().select_related("product_class").in_bulk(
        fallback[:room])
    return [(products[pk], BEST_SELLER, 0.0, None) for pk in fallback[:room]
            if pk in products]


def control(kind, product_ids, category_of, strategy, limit):
    """The A/B holdout's control (``holdout``): best sellers of ``category_of``'s
    category in place of the suggestions, never ``product_ids``; cached like them."""
    ids = set(product_ids)
    entry_key = cached.key(f"control-{kind}", ids, limit)
    found = cached.get_or_compute(entry_key, lambda: _with_stock(best_seller_candidates(
        category_of, limit * 3, ids | blocked_for(ids))))
    return _pick(entry_key, found, strategy, limit)


def anchors(product_ids, candidate_ids):
    """{candidate: the one of ``product_ids`` that puts it forward most}, by the rule
    of ``ranked_candidates``: Oscar's entry of highest ranking, else a pin, else
    the unblocked mined pair of highest score. What "Often bought with …" names."""
    ids = list(product_ids)
    if not candidate_ids or not ids:
        return {}
    blocked = ComplementOverride.objects.filter(action=ComplementOverride.BLOCK)
    found = {}
    # Lowest precedence first: a stronger reason overwrites a weaker one.
    for anchor, candidate in (
        ProductComplement.objects.filter(
            product__in=ids, complement__in=candidate_ids, score__gt=0,
            baskets__gte=conf.get("MIN_SUPPORT"))
        .exclude(Exists(blocked.filter(product=OuterRef("product"),
                                       complement=OuterRef("complement"))))
        .order_by("score", "-product").values_list("product", "complement")
    ):
        found[candidate] = anchor
    for anchor, candidate in ComplementOverride.objects.filter(
            product__in=ids, complement__in=candidate_ids, action=ComplementOverride.PIN
    ).order_by("-product").values_list("product", "complement"):
        found[candidate] = anchor
    for anchor, candidate in ProductRecommendation.objects.filter(
            primary__in=ids, recommendation__in=candidate_ids
    ).order_by("ranking", "-primary").values_list("primary", "recommendation"):
        found[candidate] = anchor
    return found


def _with_stock(found):
    """``found`` with each product's stock records loaded (one query), to be cached with it."""
    prefetch_related_objects([product for product, *_ in found], "stockrecords")
    return found


def complement_ids(product_ids, limit=None):
    """{product id: complement ids, best first} for many products in one query.

    Each product's list follows ``ranked_candidates`` for that product alone,
    without the best-seller fallback: where this is used (a guide's "bought
    together" bundle) only real co-purchases should be claimed. Buyability is
    left to the caller, who loads the products anyway.
    """
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    limit = limit or conf.get("PRODUCT_PAGE_ITEMS")
    ranked = {pk: [] for pk in ids}
    for start in range(0, len(ids), COMPOUND_CHUNK):
        parts = [ranked_candidates([pk]).order_by().annotate(anchor=Value(pk)).values_list(
            "anchor", "id", "precedence", "manual_rank", "score")
            for pk in ids[start:start + COMPOUND_CHUNK]]
        for anchor, complement, *_ in parts[0].union(*parts[1:], all=True).order_by(
                "anchor", *RANKING):
            ranked[anchor].append(complement)
    return {pk: complements[: limit * 3] for pk, complements in ranked.items()}


def best_seller_ids(category=None, days=None, limit=40):
    """Best sellers of the last ``days`` (``FALLBACK_DAYS``) days, of a category or of
    the shop (``sales.queries.best_seller_ids``), cached ``FALLBACK_CACHE_SECONDS``."""
    days = days or conf.get("FALLBACK_DAYS")
    key = f"recommendations:best:{getattr(category, 'pk', category)}:{days}:{limit}"
    ids = cache.get(key)
    if ids is None:
        ids = queries.best_seller_ids(days, limit, category=category)
        cache.set(key, ids, conf.get("FALLBACK_CACHE_SECONDS"))
    return ids


def _take(chosen, product, strategy, source, score, limit, anchor=None):
    """Append ``product`` if it can go in the basket now (``bundles.buyable``: every
    suggestion has an add button) and there is room."""
    if len(chosen) >= limit or any(s.product.pk == product.pk for s in chosen):
        return False
    info = strategy.fetch_for_product(product)
    if not bundles.buyable(product, info):
        return False
    chosen.append(Suggestion(product, info, source, float(score), anchor))
    return True
