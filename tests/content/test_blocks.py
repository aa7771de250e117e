"""Blocks carry their own behaviour: what the shelf loads, what they name, their mail text."""

from types import SimpleNamespace

import pytest
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from wagtail import blocks
from wagtail.rich_text import RichText

from shop.content.blocks import ParagraphBlock, ProductStreamBlock, ShelfBlock, featured_product_ids
from shop.content.choosers import CategoryChooserBlock
from shop.content.shelf import Needs, Shelf
from shop.newsletter.rendering import render_text
from tests.factories import make_product, place_order

pytestmark = pytest.mark.django_db


def test_each_product_block_says_what_it_needs_and_names():
    teapot = make_product("Blue Teapot", category="Kitchen > Tea")
    tray = make_product("Tin Tray", category="Kitchen > Trays")
    tea = create_from_breadcrumbs("Kitchen > Tea")
    body = ProductStreamBlock().normalize([
        ("paragraph", RichText("<p>Pick one.</p>")),
        ("product_card", {"product": teapot, "blurb": ""}),
        ("product_grid", {"heading": "", "products": [tray, teapot], "category": tea,
                          "count": 5}),
        ("bundle", {"heading": "", "product": teapot, "count": 2}),
    ])
    assert [child.block.needs(child.value) for child in body] == [
        Needs(),
        Needs(product_ids=(teapot.pk,)),
        Needs(product_ids=(tray.pk, teapot.pk), categories=(tea,), count=5),
        Needs(product_ids=(teapot.pk,), bundle_product_ids=(teapot.pk,), count=2),
    ]
    # Named products, each once; a grid's category best sellers are not named.
    assert featured_product_ids(body) == [teapot.pk, tray.pk]


def test_a_product_block_rendered_on_its_own_loads_its_own_shelf():
    teapot = make_product("Blue Teapot", "24.00", category="Kitchen > Tea")
    card = ProductStreamBlock().child_blocks["product_card"]
    html = card.render(card.normalize({"product": teapot, "blurb": "Holds six cups."}))
    assert "Blue Teapot" in html and "£24.00" in html and "Holds six cups." in html


class TopSellerBlock(ShelfBlock):
    """Test-only: a category's best seller, a block shelf.py and rendering.py never heard of."""

    category = CategoryChooserBlock()

    def needs(self, value):
        return Needs(categories=(value["category"],), count=1)

    def as_text(self, value, shelf):
        best = shelf.best_sellers.get(value["category"].pk, [])
        return [f"Top of {value['category'].name}:",
                *self.card_lines([shelf.card(pk) for pk in best[:1]])]


class BestSellerStream(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    top_seller = TopSellerBlock()


def test_a_new_block_type_brings_its_own_loading_and_text():
    teapot = make_product("Blue Teapot", "24.00", category="Kitchen > Tea")
    cups = make_product("Spotted Cups", "8.50", category="Kitchen > Tea")
    for _ in range(2):
        place_order(cups)
    place_order(teapot)
    tea = create_from_breadcrumbs("Kitchen > Tea")
    body = BestSellerStream().normalize([("paragraph", RichText("<p>Our <b>best</b>:</p>")),
                                          ("top_seller", {"category": tea})])

    shelf = Shelf.for_stream(body)
    assert shelf.best_sellers[tea.pk][0] == cups.pk and shelf.card(cups) is not None
    assert featured_product_ids(body) == []
    text = render_text(SimpleNamespace(subject="Best", body=body))
    assert text == "\n".join([
        "Best", "====", "", "Our best:", "", "Top of Tea:",
        f"* Spotted Cups GBP 8.50: LINK({cups.get_absolute_url()})", ""])
