"""The mail's plain-text part: each block writes its own lines."""

import io

import pytest
from django.core.files.images import ImageFile
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.rich_text import RichText

from recommendations import services as recommendation_services
from shop.content.shelf import Shelf
from shop.newsletter.models import NewsletterIssue
from shop.newsletter.rendering import render_text
from tests.factories import make_product, place_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(settings):
    """A teapot bought with cups and a tray, best sellers in "Kitchen > Tea"."""
    settings.RECOMMENDATIONS_MIN_SUPPORT = 1
    teapot = make_product("Blue Teapot", "24.00", category="Kitchen > Tea")
    cups = make_product("Spotted Cups", "8.50", category="Kitchen > Tea")
    tray = make_product("Tin Tray", "6.00", category="Kitchen > Trays")
    for _ in range(3):
        place_order(teapot, cups, tray)
    place_order(cups)
    recommendation_services.rebuild()
    return {"teapot": teapot, "cups": cups, "tray": tray,
            "tea": create_from_breadcrumbs("Kitchen > Tea")}


def make_image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "teal").save(buffer, "PNG")
    return Image.objects.create(title="Teapot", file=ImageFile(buffer, name="teapot.png"))


def line(card):
    product = card.product
    return f"* {product.get_title()} GBP {card.price.incl_tax}: LINK({product.get_absolute_url()})"


def test_the_text_part_has_every_block_in_order(catalogue):
    teapot, cups, tray = catalogue["teapot"], catalogue["cups"], catalogue["tray"]
    issue = NewsletterIssue.objects.create(subject="Tea time", body=[
        ("paragraph", RichText("<h2>Brew</h2><p>Warm &amp; rinse.</p><ul><li>Cups</li>"
                               "<li>Tray</li></ul>")),
        ("image", {"image": make_image(), "caption": "A teal teapot"}),
        ("product_card", {"product": teapot, "blurb": "Holds six cups."}),
        ("product_grid", {"heading": "Tea favourites", "products": [tray],
                          "category": catalogue["tea"], "count": 3}),
        ("bundle", {"heading": "Bought together", "product": teapot, "count": 2}),
        ("product_grid", {"heading": "", "products": [cups], "category": None, "count": 4}),
    ])
    shelf = Shelf.for_stream(issue.body)
    complements = issue.body[4].block.complements(issue.body[4].value, shelf)
    assert {card.product for card in complements} == {cups, tray}

    assert render_text(issue) == "\n".join([
        "Tea time", "========", "",
        "Brew\nWarm & rinse.\n- Cups\n- Tray", "",
        line(shelf.card(teapot)), "",
        "Tea favourites", "",
        line(shelf.card(tray)), line(shelf.card(cups)), line(shelf.card(teapot)), "",
        line(shelf.card(teapot)), *[line(card) for card in complements], "",
        line(shelf.card(cups)), "",
    ])
