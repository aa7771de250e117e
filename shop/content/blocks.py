"""StreamField blocks for guides and newsletters: text, images and products.

Product blocks read what they show (price, availability, ratings, purchase
counts, complements) from a ``Shelf`` that the page loads once for all its
blocks, so a page costs the same number of queries however many products it
holds. A block rendered on its own (a preview) loads a shelf of its own.

Every block of a ``ProductStreamBlock`` is a ``ContentBlock``: it says itself
what the shelf must load for it, which products it names and what it writes
in a mail's plain-text part, so the shelf, the guide and the newsletter never
switch on block type names.
"""

import re
from html import unescape

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from funnel import mail as measured
from recommendations import bundles

from .choosers import CategoryChooserBlock, ProductChooserBlock
from .shelf import Needs, Shelf

# The add form's source for a guide's bundle (RECOMMENDATIONS_EXTRA_SOURCES).
GUIDE_BUNDLE = "guide_bundle"


class ContentBlock:
    """What a block of the shop's content streams answers; by default: nothing.

    * ``needs(value)``: a ``shelf.Needs``, what ``Shelf.load`` must load for it;
    * ``featured_product_ids(value)``: the products it names itself (the product
      pages link back to a guide that features them);
    * ``as_text(value, shelf)``: its lines in a mail's plain-text part.
    """

    def needs(self, value):
        return Needs()

    def featured_product_ids(self, value):
        return []

    def as_text(self, value, shelf):
        return []


def featured_product_ids(stream):
    """The products a stream's blocks name themselves, each once, in order."""
    ids = []
    for child in stream:
        ids += child.block.featured_product_ids(child.value)
    return list(dict.fromkeys(ids))


def plain_text(source):
    """Rich text as plain text: blocks on their own lines, list items dashed."""
    source = re.sub(r"<li[^>]*>", "- ", source)
    source = re.sub(r"</(p|h[1-6]|li|ul|ol)>|<br\s*/?>", "\n", source)
    lines = (line.strip() for line in unescape(strip_tags(source)).splitlines())
    return "\n".join(line for line in lines if line)


class ParagraphBlock(ContentBlock, blocks.RichTextBlock):
    def as_text(self, value, shelf):
        return [plain_text(value.source), ""]


class ImageBlock(ContentBlock, blocks.StructBlock):
    """An image; a plain-text mail leaves it out."""

    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "content/blocks/image.html"


class ShelfBlock(ContentBlock, blocks.StructBlock):
    """A block whose template gets ``shelf`` from the page (or loads its own).

    It names the products it loads by id: ``featured_product_ids`` defaults to them.
    """

    def featured_product_ids(self, value):
        return list(self.needs(value).product_ids)

    def count(self, value):
        """How many products the block shows: its ``count``, else that field's default."""
        return value.get("count") or self.child_blocks["count"].get_default()

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        shelf = (parent_context or {}).get("shelf")
        if shelf is None:
            shelf = Shelf.load([(self, value)], request=(parent_context or {}).get("request"))
        context["shelf"] = shelf
        context["mail"] = (parent_context or {}).get("mail", False)
        return context

    @staticmethod
    def card_lines(cards):
        """A line per card (title, price, measured link), then a blank line."""
        lines = []
        for card in cards:
            if card is None:
                continue
            price = f" {card.price.currency} {card.price.incl_tax}" if card.price.exists else ""
            link = measured.text_link(card.product.get_absolute_url())
            lines.append(f"* {card.product.get_title()}{price}: {link}")
        return lines + [""]


class ProductCardBlock(ShelfBlock):
    product = ProductChooserBlock()
    blurb = blocks.TextBlock(required=False, max_length=500,
                             help_text=_("Why this product: one or two sentences."))

    class Meta:
        icon = "tag"
        template = "content/blocks/product_card.html"

    def needs(self, value):
        product = value.get("product")
        return Needs(product_ids=(product.pk,)) if product else Needs()

    def as_text(self, value, shelf):
        return self.card_lines([shelf.card(value["product"])])

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["card"] = context["shelf"].card(value["product"])
        return context


class ProductGridBlock(ShelfBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    products = blocks.ListBlock(ProductChooserBlock(), required=False,
                                help_text=_("Chosen products come first."))
    category = CategoryChooserBlock(
        required=False, help_text=_("Fill up with this category's best sellers."))
    count = blocks.IntegerBlock(default=4, min_value=1, max_value=24,
                                help_text=_("How many products to show."))

    class Meta:
        icon = "table"
        template = "content/blocks/product_grid.html"

    def needs(self, value):
        category = value.get("category")
        return Needs(product_ids=tuple(p.pk for p in value.get("products") or [] if p),
                     categories=(category,) if category else (),
                     count=value.get("count") or 0)

    def cards(self, value, shelf):
        """The chosen products, then the category's buyable best sellers, up to ``count``."""
        shown = [card for card in map(shelf.card, value.get("products") or []) if card]
        category = value.get("category")
        if category is not None:
            shown += shelf.buyable(shelf.best_sellers.get(category.pk, []),
                                   exclude={card.product.pk for card in shown})
        return shown[:self.count(value)]

    def as_text(self, value, shelf):
        heading = [value["heading"], ""] if value.get("heading") else []
        return heading + self.card_lines(self.cards(value, shelf))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["cards"] = self.cards(value, context["shelf"])
        return context


class BundleBlock(ShelfBlock):
    """A product with what customers bought together with it."""

    heading = blocks.CharBlock(required=False, max_length=120)
    product = ProductChooserBlock()
    count = blocks.IntegerBlock(default=3, min_value=1, max_value=6,
                                help_text=_("How many complements to show."))

    class Meta:
        icon = "link"
        template = "content/blocks/bundle.html"

    def needs(self, value):
        product = value.get("product")
        if not product:
            return Needs()
        return Needs(product_ids=(product.pk,), bundle_product_ids=(product.pk,),
                     count=value.get("count") or 0)

    def complements(self, value, shelf):
        """Buyable complements of the bundle's product, up to ``count``."""
        product = value.get("product")
        if product is None:
            return []
        return shelf.buyable(shelf.complements.get(product.pk, []))[:self.count(value)]

    def as_text(self, value, shelf):
        return self.card_lines([shelf.card(value["product"]), *self.complements(value, shelf)])

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        shelf = context["shelf"]
        card = context["card"] = shelf.card(value["product"])
        complements = context["complements"] = self.complements(value, shelf)
        if card is not None:
            # On a page, the product page's bundle: ticked items, the total, one button.
            request = context.get("request")
            context["bundle"] = bundles.build(
                card.product, card.info,
                [bundles.BundleItem(c.product, c.info, GUIDE_BUNDLE, card.product.pk)
                 for c in complements],
                getattr(request, "basket", None))
        return context


class ProductStreamBlock(blocks.StreamBlock):
    """The body of guides and newsletter issues."""

    paragraph = ParagraphBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    image = ImageBlock()
    product_card = ProductCardBlock()
    product_grid = ProductGridBlock()
    bundle = BundleBlock()
