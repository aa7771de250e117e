"""A bundle: a product with what goes with it, to tick and add in one go.

On a product page (and in a guide's bundle block) the shopper sees the viewed
product first, then its complements, each with a checkbox ticked by default;
the total follows the ticks and one button adds what is ticked. The viewed
product is left out when it is already in the basket (or cannot be bought),
so a bundle never offers what the shopper has.
"""

from dataclasses import dataclass
from decimal import Decimal

LEAD = "viewed"
FILLER = "best_seller"  # selectors.BEST_SELLER: no evidence it goes with the product


@dataclass
class BundleItem:
    product: object
    info: object  # Oscar PurchaseInfo
    source: str = LEAD  # LEAD for the viewed product, else where the suggestion came from
    anchor: int | None = None

    @property
    def price(self):
        return self.info.price

    @property
    def lead(self):
        return self.source == LEAD


@dataclass
class Bundle:
    items: list
    # Names this exact bundle (products, sources, prices) for the markup's cache.
    version: str | None = None
    cache_seconds: int = 0

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    @property
    def complements(self):
        return [item for item in self.items if not item.lead]

    @property
    def bought_together(self):
        """Whether any complement is put forward by orders or the operator, not only a
        best seller filling in: only then may the block claim "bought together"."""
        return any(item.source not in (LEAD, FILLER) for item in self.items)

    @property
    def total(self):
        return sum((i.price.incl_tax for i in self.items if i.price.exists), Decimal("0.00"))

    @property
    def currency(self):
        return next((i.price.currency for i in self.items if i.price.exists), None)

    @property
    def button_label(self):
        return button_label(len(self.items))


def button_label(count):
    """What the add button says for ``count`` ticked items."""
    if count >= 3:
        return f"Add all {count} to basket"
    return {2: "Add both to basket", 1: "Add to basket"}.get(count, "Choose items to add")


def basket_products(basket):
    """The ids of the products ``basket`` has lines for (Oscar caches its lines)."""
    if basket is None or basket.id is None:
        return set()
    return {line.product_id for line in basket.all_lines()}


def buyable(product, info):
    """Whether ``product`` can go in the basket as it is: a parent needs a variant
    chosen on its page first (Oscar has no stock record for it)."""
    return (not product.is_parent and info.stockrecord is not None
            and info.availability.is_available_to_buy and info.price.exists)


def build(product, info, complements, basket, version=None, cache_seconds=0):
    """The bundle of ``product`` (with Oscar's ``info`` for it) and ``complements``
    (``BundleItem``s), less whatever is in ``basket`` already (the product also when
    it cannot be bought); empty when there is nothing left to suggest with it."""
    held = basket_products(basket)
    complements = [c for c in complements if c.product.pk not in held]
    if not complements:
        return Bundle([])
    lead = ([] if product.pk in held or not buyable(product, info)
            else [BundleItem(product, info)])
    if version is not None:
        # The suggestions' version names them all; this shopper's basket may have
        # taken some out, so the markup is cached under the items actually listed.
        price = lead[0].price.incl_tax if lead else "-"
        kept = ",".join(str(c.product.pk) for c in complements)
        version = f"{version}:{product.pk}:{bool(lead)}:{price}:{kept}"
    return Bundle(lead + list(complements), version, cache_seconds if version else 0)
