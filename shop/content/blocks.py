"""StreamField blocks for guides and newsletters: text, images and products.

Product blocks read what they show (price, availability, ratings, purchase
counts, complements) from a ``Shelf`` that the page loads once for all its
blocks, so a page costs the same number of queries however many products it
holds. A block rendered on its own (a preview) loads a shelf of its own.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from .choosers import CategoryChooserBlock, ProductChooserBlock
from .shelf import Shelf


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "content/blocks/image.html"


class ShelfBlock(blocks.StructBlock):
    """A block whose template gets ``shelf`` from the page (or loads its own)."""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        shelf = (parent_context or {}).get("shelf")
        if shelf is None:
            shelf = Shelf.load([(self.name or self.meta.default_name, value)],
                               request=(parent_context or {}).get("request"))
        context["shelf"] = shelf
        context["mail"] = (parent_context or {}).get("mail", False)
        return context


class ProductCardBlock(ShelfBlock):
    product = ProductChooserBlock()
    blurb = blocks.TextBlock(required=False, max_length=500,
                             help_text=_("Why this product: one or two sentences."))

    class Meta:
        icon = "tag"
        template = "content/blocks/product_card.html"
        default_name = "product_card"

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
        default_name = "product_grid"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["cards"] = context["shelf"].grid(value)
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
        default_name = "bundle"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        shelf = context["shelf"]
        context["card"] = shelf.card(value["product"])
        context["complements"] = shelf.bundle(value)
        return context


class ProductStreamBlock(blocks.StreamBlock):
    """The body of guides and newsletter issues."""

    paragraph = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    image = ImageBlock()
    product_card = ProductCardBlock()
    product_grid = ProductGridBlock()
    bundle = BundleBlock()
