"""Everything the product blocks of one page show, loaded in one go.

``Shelf.load`` takes the page's blocks as (block, value) pairs, asks each
block what it ``needs`` (products it names, categories whose best sellers it
shows, products whose complements it shows, how many), collects every product
named or implied and loads them with their purchase info and social
proof in a fixed number of queries: one for best sellers, one for
complements (per 100 bundles), three for the products (with stock records and
images), two for ratings and purchase counts. The blocks then read from the shelf.
"""

from dataclasses import dataclass

from oscar.core.loading import get_class, get_model

from recommendations import conf as recommendation_conf
from recommendations.selectors import complement_ids
from reviews.cached import social_proof
from sales.queries import category_best_sellers

Product = get_model("catalogue", "Product")


@dataclass
class Card:
    product: object
    info: object  # Oscar's PurchaseInfo: price, availability, stock record
    proof: object  # reviews.services.Proof: rating summary and purchase count

    @property
    def buyable(self):
        return (not self.product.is_parent and self.info.availability.is_available_to_buy
                and self.info.price.exists)

    @property
    def price(self):
        return self.info.price


def _strategy(request):
    strategy = getattr(request, "strategy", None)
    if strategy is None:
        selector = get_class("partner.strategy", "Selector")()
        user = getattr(request, "user", None)
        strategy = selector.strategy(request=request, user=user)
    return strategy


@dataclass(frozen=True)
class Needs:
    """What one block asks of the shelf; a block that shows no products needs ``Needs()``.

    ``count`` is the most best sellers or complements the block shows: the shelf
    loads as many as the most demanding block of the page wants.
    """

    product_ids: tuple = ()  # products shown by name, loaded with purchase info
    categories: tuple = ()  # categories whose best sellers fill the block
    bundle_product_ids: tuple = ()  # products whose bought-together complements it shows
    count: int = 0


class Shelf:
    def __init__(self, cards, best_sellers, complements):
        self.cards = cards
        self.best_sellers = best_sellers
        self.complements = complements

    @classmethod
    def for_stream(cls, stream, request=None):
        return cls.load([(child.block, child.value) for child in stream], request)

    @classmethod
    def load(cls, blocks, request=None):
        """The shelf for (block, value) pairs; each block says what it ``needs(value)``."""
        chosen, categories, bundles, wanted = [], {}, set(), 0
        for block, value in blocks:
            needs = block.needs(value)
            chosen += needs.product_ids
            categories.update((category.pk, category) for category in needs.categories)
            bundles.update(needs.bundle_product_ids)
            wanted = max(wanted, needs.count)
        best = category_best_sellers(categories.values(), recommendation_conf.get(
            "FALLBACK_DAYS"), limit=wanted + len(chosen)) if categories else {}
        complements = complement_ids(bundles, limit=wanted or None) if bundles else {}
        ids = set(chosen)
        for group in (*best.values(), *complements.values()):
            ids.update(group)
        # Oscar's base queryset (stock records, images, whether it has options) and
        # the categories of the cards' illustrations.
        products = (Product.objects.base_queryset().filter(pk__in=ids, is_public=True)
                    .select_related("parent").prefetch_related("categories")) if ids else []
        proof = social_proof(ids) if ids else {}
        strategy = _strategy(request)
        cards = {p.pk: Card(p, strategy.fetch_for_product(p), proof.get(p.pk))
                 for p in products}
        return cls(cards, best, complements)

    def card(self, product):
        return self.cards.get(getattr(product, "pk", product))

    def buyable(self, product_ids, exclude=()):
        """Cards of the products in ``product_ids`` a shopper can buy now, in order."""
        cards = (self.cards.get(pk) for pk in product_ids if pk not in exclude)
        return [card for card in cards if card is not None and card.buyable]
