"""What the storefront shows: suggestions for a product and for a basket.

Order of precedence everywhere: Oscar's hand-entered ``ProductRecommendation``
entries (by their ranking), then operator pins, then mined pairs by score;
blocked pairs never. Only products a shopper can buy now are shown. When the
evidence runs short, best sellers of the product's category over the last
``FALLBACK_DAYS`` days fill in, then the shop's, then any buyable product, so
a shop with stock never shows an empty block.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Exists, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from sales import queries

from . import conf
from .models import ComplementOverride, ProductComplement

Product = get_model("catalogue", "Product")
ProductRecommendation = get_model("catalogue", "ProductRecommendation")

MANUAL, PINNED, MINED, BEST_SELLER = "manual", "pinned", "mined", "best_seller"


@dataclass
class Suggestion:
    product: object
    info: object  # Oscar PurchaseInfo: price, availability, stockrecord
    source: str
    score: float = 0.0

    @property
    def price(self):
        return self.info.price


@dataclass
class Suggestions:
    items: list

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    @property
    def total(self):
        """Combined price incl. tax of every suggestion with a known price."""
        return sum((s.price.incl_tax for s in self.items if s.price.exists), Decimal("0.00"))

    @property
    def currency(self):
        return next((s.price.currency for s in self.items if s.price.exists), None)

    @property
    def product_ids(self):
        return [s.product.pk for s in self.items]


def for_product(product, strategy, limit=None):
    """Up to ``limit`` buyable complements of ``product``: two queries when mined."""
    limit = limit or conf.get("PRODUCT_PAGE_ITEMS")
    blocked = ComplementOverride.objects.filter(
        product=product, action=ComplementOverride.BLOCK).values("complement")
    manual = ProductRecommendation.objects.filter(primary=product)
    pins = ComplementOverride.objects.filter(product=product, action=ComplementOverride.PIN)
    mined = ProductComplement.objects.filter(product=product,
                                             baskets__gte=conf.get("MIN_SUPPORT"))
    candidates = (
        Product.objects.browsable()
        .filter(Q(pk__in=manual.values("recommendation")) | Q(pk__in=pins.values("complement"))
                | Q(pk__in=mined.values("complement")))
        .exclude(pk__in=blocked).exclude(pk=product.pk)
        .annotate(
            manual_rank=Coalesce(
                Subquery(manual.filter(recommendation=OuterRef("pk")).values("ranking")[:1]),
                Value(-1), output_field=IntegerField()),
            is_manual=Exists(manual.filter(recommendation=OuterRef("pk"))),
            is_pinned=Exists(pins.filter(complement=OuterRef("pk"))),
            mined_score=Subquery(mined.filter(complement=OuterRef("pk")).values("score")[:1]),
        )
        .order_by("-is_manual", "-manual_rank", "-is_pinned", "-mined_score", "pk")
        .select_related("product_class").prefetch_related("stockrecords")[: limit * 3]
    )
    chosen = []
    for candidate in candidates:
        source = MANUAL if candidate.is_manual else PINNED if candidate.is_pinned else MINED
        _take(chosen, candidate, strategy, source, candidate.mined_score or 0.0, limit)
    if len(chosen) < limit:
        exclude = {product.pk, *(s.product.pk for s in chosen), *blocked.values_list(
            "complement", flat=True)}
        category = product.categories.only("pk", "path").order_by("pk").first()
        _fill_with_best_sellers(chosen, strategy, limit, exclude, category)
    return Suggestions(chosen)


def for_basket(basket, strategy, limit=None):
    """Suggestions for the whole basket: scores summed over its lines."""
    limit = limit or conf.get("BASKET_PAGE_ITEMS")
    in_basket = {line.product_id for line in basket.all_lines() if line.product_id}
    if not in_basket:
        return Suggestions([])
    blocked_pair = ComplementOverride.objects.filter(
        product=OuterRef("product"), complement=OuterRef("complement"),
        action=ComplementOverride.BLOCK)
    scored = dict(
        ProductComplement.objects.filter(product__in=in_basket,
                                         baskets__gte=conf.get("MIN_SUPPORT"))
        .exclude(complement__in=in_basket)
        .exclude(Exists(blocked_pair))
        .values("complement").annotate(total=Sum("score")).order_by("-total", "complement")
        .values_list("complement", "total")[: limit * 3]
    )
    blocked = set(ComplementOverride.objects.filter(
        product__in=in_basket, action=ComplementOverride.BLOCK).values_list(
        "complement", flat=True))
    manual = list(ProductRecommendation.objects.filter(primary__in=in_basket)
                  .exclude(recommendation__in=in_basket).order_by("-ranking")
                  .values_list("recommendation", flat=True))
    pinned = list(ComplementOverride.objects.filter(
        product__in=in_basket, action=ComplementOverride.PIN).exclude(
        complement__in=in_basket).values_list("complement", flat=True))
    ordered = _unique([*manual, *pinned, *scored])
    ordered = [pk for pk in ordered if pk not in blocked or pk in scored]
    products = (Product.objects.browsable().filter(pk__in=ordered)
                .select_related("product_class").prefetch_related("stockrecords"))
    by_pk = {p.pk: p for p in products}
    chosen = []
    for pk in ordered:
        if pk in by_pk:
            source = MANUAL if pk in manual else PINNED if pk in pinned else MINED
            _take(chosen, by_pk[pk], strategy, source, scored.get(pk, 0.0), limit)
    if len(chosen) < limit:
        first = next(line for line in basket.all_lines() if line.product_id)
        category = first.product.categories.only("pk", "path").order_by("pk").first()
        _fill_with_best_sellers(chosen, strategy, limit,
                                in_basket | blocked | {s.product.pk for s in chosen}, category)
    return Suggestions(chosen)


def complement_ids(product_ids, limit=None):
    """{product id: complement ids, best first} for many products in three queries.

    The same precedence as ``for_product`` (manual, pinned, mined; blocked
    never) without the best-seller fallback: where this is used (a guide's
    "bought together" bundle) only real co-purchases should be claimed.
    Buyability is left to the caller, who loads the products anyway.
    """
    ids = set(product_ids)
    if not ids:
        return {}
    limit = limit or conf.get("PRODUCT_PAGE_ITEMS")
    ranked = {pk: [] for pk in ids}
    blocked, pinned = set(), {pk: [] for pk in ids}
    for product, complement, action in ComplementOverride.objects.filter(
            product__in=ids).values_list("product", "complement", "action").order_by("pk"):
        if action == ComplementOverride.BLOCK:
            blocked.add((product, complement))
        else:
            pinned[product].append(complement)
    for primary, recommended in ProductRecommendation.objects.filter(primary__in=ids).order_by(
            "-ranking", "pk").values_list("primary", "recommendation"):
        ranked[primary].append(recommended)
    for product in ids:
        ranked[product] += pinned[product]
    for product, complement in ProductComplement.objects.filter(
            product__in=ids, baskets__gte=conf.get("MIN_SUPPORT")).order_by(
            "product", "-score", "complement").values_list("product", "complement"):
        ranked[product].append(complement)
    return {pk: [c for c in _unique(ranked[pk]) if c != pk and (pk, c) not in blocked][
        : limit * 3] for pk in ids}


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


def _fill_with_best_sellers(chosen, strategy, limit, exclude, category):
    for ids in (
        lambda: best_seller_ids(category) if category else [],
        lambda: best_seller_ids(None),
        lambda: list(Product.objects.browsable().filter(stockrecords__num_in_stock__gt=0)
                     .order_by("-date_created", "pk").values_list("pk", flat=True)[:limit * 10]),
    ):
        wanted = [pk for pk in ids() if pk not in exclude]
        if not wanted:
            continue
        products = {p.pk: p for p in Product.objects.browsable().filter(pk__in=wanted)
                    .select_related("product_class").prefetch_related("stockrecords")}
        for pk in wanted:
            if pk in products and _take(chosen, products[pk], strategy, BEST_SELLER, 0.0, limit):
                exclude.add(pk)
            if len(chosen) >= limit:
                return


def _take(chosen, product, strategy, source, score, limit):
    """Append ``product`` if it can be bought now and there is room."""
    if len(chosen) >= limit or any(s.product.pk == product.pk for s in chosen):
        return False
    info = strategy.fetch_for_product(product)
    if not (info.availability.is_available_to_buy and info.price.exists):
        return False
    chosen.append(Suggestion(product, info, source, float(score)))
    return True


def _unique(values):
    seen = set()
    return [v for v in values if not (v in seen or seen.add(v))]
