"""The home page shows what sells, what customers rate, what to read and where to
browse; the header leads to them; products without photos show their department."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.rich_text import RichText

from shop.content.models import GuidePage
from tests.factories import guides_index, make_product, place_order

Order = get_model("order", "Order")
ProductReview = get_model("reviews", "ProductReview")

pytestmark = pytest.mark.django_db


def section(html, name):
    start = html.index(f'id="{name}"')
    return html[start:html.index("</section>", start)]


def titles(html):
    return re.findall(r'<h3 class="card-title"><a href="[^"]+" title="([^"]+)"', html)


def test_the_home_page_shows_best_sellers_top_rated_guides_and_departments(
        client, django_user_model):
    lamp = make_product("Brass Lamp", category="Home & Living > Lighting")
    mug = make_product("Tea Mug", category="Kitchen & Dining > Tableware")
    vase = make_product("Old Vase", category="Home & Living > Decorations")
    for _ in range(3):
        place_order(mug)
    place_order(lamp)
    for _ in range(5):  # many orders, but last season: not this month's
        old = place_order(vase)
        Order.objects.filter(pk=old.pk).update(date_placed=timezone.now() - timedelta(days=40))
    users = [django_user_model.objects.create_user(f"u{i}", f"u{i}@x.example", "pw")
             for i in range(3)]
    for user in users:
        ProductReview.objects.create(product=vase, user=user, score=5, title="t", body="b",
                                     status=ProductReview.APPROVED)
    ProductReview.objects.create(product=lamp, user=users[0], score=5, title="t", body="b",
                                 status=ProductReview.APPROVED)
    guide = guides_index().add_child(instance=GuidePage(
        title="Lighting a reading corner", slug="reading-corner",
        body=[("paragraph", RichText("<p>Lamps.</p>"))]))
    guide.save_revision().publish()

    html = client.get(reverse("home")).content.decode()
    assert titles(section(html, "best-sellers")) == ["Tea Mug", "Brass Lamp"]
    assert titles(section(html, "top-rated")) == ["Old Vase", "Brass Lamp"]  # 3 good > 1
    assert "Lighting a reading corner" in section(html, "guides")
    departments = section(html, "departments")
    assert re.findall(r'fa-([a-z-]+)" aria-hidden="true"></i></span>\s*([^<]+?)\s*</a>',
                      departments) == [("couch", "Home &amp; Living"),
                                       ("utensils", "Kitchen &amp; Dining")]
    # No photo: the department's illustration, never "Image Not Available".
    mug_card = html[html.index('title="Tea Mug"') - 1500:html.index('title="Tea Mug"')]
    assert 'data-department="kitchen-dining"' in mug_card
    assert "image_not_found" not in html


def test_the_header_leads_to_best_sellers_top_rated_and_guides_in_one_language(client):
    html = client.get(reverse("home")).content.decode()
    nav = html[html.index('id="navbarSupportedContent"'):]
    links = dict((name, href) for href, name in re.findall(
        r'<a class="nav-link" href="([^"]+)">([^<]+)</a>', nav))
    assert links == {"Best sellers": "/catalogue/?sort_by=best-selling",
                     "Top rated": reverse("reviews-top-rated"), "Guides": "/content/"}
    assert 'id="language_selector"' not in html


def test_oscars_own_pages_show_the_shops_parcel_for_a_product_without_a_photo(
        client, settings):
    lamp = make_product("Brass Lamp")
    assert lamp.primary_image()["original"] == "no-photo.png"
    media_copy = Path(settings.MEDIA_ROOT) / "no-photo.png"
    assert media_copy.resolve() == (Path(__file__).resolve().parents[2] / "shop" / "storefront"
                                    / "static" / "oscar" / "img" / "no-photo.png")
    client.post(reverse("basket:add", kwargs={"pk": lamp.pk}), {"quantity": 1})
    basket = client.get(reverse("basket:summary"))
    assert basket.status_code == 200 and "image_not_found" not in basket.content.decode()
