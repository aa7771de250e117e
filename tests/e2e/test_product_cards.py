"""Product cards never overlap: each part of every card has its own box, in order,
at desktop and phone widths, however long the title or the purchase count."""

import pytest
from haystack import connections
from oscar.core.loading import get_model

from tests.factories import make_product, place_order

Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTS = [".card-image", ".card-rating", ".card-bought", ".card-title", ".price_color",
         ".availability", ".card-buy .btn"]

BOXES = """card => PARTS.map(selector => {
  const element = card.querySelector(selector);
  if (!element) return null;
  const box = element.getBoundingClientRect();
  return {selector, top: box.top, bottom: box.bottom, left: box.left, right: box.right,
          height: box.height};
})"""


def overlap(a, b):
    return min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5 and \
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5


@pytest.fixture
def listing(django_user_model):
    long_titles = ["Set Of 3 Heart Cookie Cutters With Extra Long Descriptive Name",
                   "Jumbo Storage Bag Vintage Christmas Paper Design Extra Large",
                   "Can't Live Without You Mug", "Lamp"]
    products = [make_product(title) for title in long_titles]
    buyer = django_user_model.objects.create_user("kim", "kim@example.com", "pw")
    for product in products[:3]:
        for _ in range(12):  # "10+ bought in the past month" wraps on a narrow card
            place_order(product)
        ProductReview.objects.create(product=product, user=buyer, score=4, title="Good",
                                     body="Good.", status=ProductReview.APPROVED)
    connections["default"].get_backend().update(
        connections["default"].get_unified_index().get_index(Product),
        Product.objects.all())
    return products


@pytest.mark.parametrize("width", [1280, 375])
def test_card_parts_never_overlap(page, live_server, listing, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in ["/catalogue/", "/"]:
        page.goto(live_server.url + path)
        page.evaluate("PARTS => { window.PARTS = PARTS; }", PARTS)
        cards = page.locator("article.shop-card")
        assert cards.count() >= (4 if path == "/catalogue/" else 3), path
        card_boxes = []
        for i in range(cards.count()):
            card = cards.nth(i)
            parts = card.evaluate(BOXES.replace("PARTS", "window.PARTS"))
            assert None not in parts, (path, width, i, parts)
            for part in parts:
                assert part["height"] > 0, (path, width, part)
            for upper, lower in zip(parts, parts[1:], strict=False):
                assert upper["bottom"] <= lower["top"] + 0.5, (path, width, upper, lower)
            for n, a in enumerate(parts):
                for b in parts[n + 1:]:
                    assert not overlap(a, b), (path, width, a, b)
            box = card.bounding_box()
            card_boxes.append({"top": box["y"], "bottom": box["y"] + box["height"],
                               "left": box["x"], "right": box["x"] + box["width"]})
            assert parts[0]["top"] >= box["y"] - 0.5
            assert parts[-1]["bottom"] <= box["y"] + box["height"] + 0.5
        for n, a in enumerate(card_boxes):
            for b in card_boxes[n + 1:]:
                assert not overlap(a, b), (path, width, a, b)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
