"""The product page's bundle and the basket's "Complete your order", as the server
renders them (no JavaScript: what a form posts is what is ticked)."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from recommendations import services
from recommendations.signals import suggestions_added_to_basket
from tests.factories import make_product, place_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(settings):
    settings.RECOMMENDATIONS_MIN_SUPPORT = 1
    shop = {name: make_product(name.title(), price=Decimal(price))
            for name, price in (("lamp", "10.00"), ("bulb", "2.50"), ("shade", "7.25"),
                                ("mug", "4.00"), ("tea", "3.00"))}
    for _ in range(3):
        place_order(shop["lamp"], shop["bulb"])
    place_order(shop["lamp"], shop["bulb"], shop["shade"])
    place_order(shop["lamp"], shop["shade"])
    place_order(shop["mug"], shop["tea"])
    services.rebuild()
    return shop


def bundle_of(html):
    start = html.index('id="bought-together"')
    section = html[start:html.index("</section>", start)]
    return {
        "ids": [int(pk) for pk in re.findall(r'name="products" value="(\d+)"', section)],
        "checked": section.count(" checked "),
        "lead": "This item:" in section,
        "total": re.search(r'class="bundle-total">([^<]+)<', section)[1],
        "button": re.search(r'class="btn btn-primary bundle-add">([^<]+)<', section)[1],
    }


def test_the_bundle_is_the_product_and_its_complements_all_ticked(shop, client):
    bundle = bundle_of(client.get(shop["lamp"].get_absolute_url()).content.decode())
    assert bundle["ids"] == [shop["lamp"].pk, shop["bulb"].pk, shop["shade"].pk]
    assert bundle["checked"] == 3 and bundle["lead"]
    assert bundle["total"] == "£19.75"
    assert bundle["button"] == "Add all 3 to basket"


def test_a_product_in_the_basket_leaves_the_bundle(shop, client):
    client.post(reverse("basket:add", kwargs={"pk": shop["lamp"].pk}), {"quantity": 1})
    bundle = bundle_of(client.get(shop["lamp"].get_absolute_url()).content.decode())
    assert bundle["ids"] == [shop["bulb"].pk, shop["shade"].pk] and not bundle["lead"]
    assert (bundle["total"], bundle["button"]) == ("£9.75", "Add both to basket")


def test_posting_the_ticked_items_adds_them_and_no_others(shop, client):
    response = client.post(reverse("recommendations:add-all"), {
        "products": [shop["lamp"].pk, shop["shade"].pk], "source": "bought_together",
        "product": shop["lamp"].pk, "next": shop["lamp"].get_absolute_url()}, follow=True)
    basket = response.wsgi_request.basket
    assert sorted(line.product_id for line in basket.all_lines()) == sorted(
        [shop["lamp"].pk, shop["shade"].pk])


def complete_rows(html):
    start = html.index('id="complete-your-order"')
    section = html[start:html.index("</section>", start)]
    return re.findall(r'<a href="[^"]+\?rec=complete_order:(\d+)">([^<]+)</a>\s*'
                      r'<small class="d-block text-muted suggestion-reason">([^<]+)<', section)


def test_the_basket_suggests_one_by_one_and_says_why(shop, client):
    client.post(reverse("basket:add", kwargs={"pk": shop["lamp"].pk}), {"quantity": 1})
    client.post(reverse("basket:add", kwargs={"pk": shop["mug"].pk}), {"quantity": 1})
    html = client.get(reverse("basket:summary")).content.decode()
    rows = {title: (int(anchor), why) for anchor, title, why in complete_rows(html)}
    assert rows["Bulb"] == (shop["lamp"].pk, "Often bought with Lamp")
    assert rows["Tea"] == (shop["mug"].pk, "Often bought with Mug")
    assert not {"Lamp", "Mug"} & set(rows)
    assert html.count('<button type="submit" name="products" value=') == len(rows)


def test_the_bundles_own_product_is_not_counted_as_a_suggestion_taken(shop, client):
    heard = []

    def listen(sender, **kwargs):
        heard.append((kwargs["source"], kwargs["product"], kwargs["products"]))

    suggestions_added_to_basket.connect(listen, dispatch_uid="test-bundles")
    try:
        client.post(reverse("recommendations:add-all"), {
            "products": [shop["lamp"].pk, shop["bulb"].pk], "source": "bought_together",
            "product": shop["lamp"].pk})
        client.post(reverse("recommendations:add-all"), {  # the lamp alone: none taken
            "products": [shop["lamp"].pk], "source": "bought_together",
            "product": shop["lamp"].pk})
        client.post(reverse("recommendations:add-all"), {
            "products": [shop["tea"].pk], "source": "complete_order"})
    finally:
        suggestions_added_to_basket.disconnect(dispatch_uid="test-bundles")
    assert heard == [("bought_together", shop["lamp"], [shop["bulb"]]),
                     ("complete_order", None, [shop["tea"]])]


def test_a_parent_product_never_leads_a_bundle_and_is_refused_with_a_reason(shop, client):
    from oscar.test.factories import create_product

    lamp = shop["lamp"]
    lamp.structure = lamp.PARENT
    lamp.save()
    lamp.stockrecords.all().delete()
    create_product(parent=lamp, title="Lamp, red", price=Decimal("10.00"), num_in_stock=5)
    html = client.get(lamp.get_absolute_url()).content.decode()
    assert not bundle_of(html)["lead"] and shop["lamp"].pk not in bundle_of(html)["ids"]
    response = client.post(reverse("recommendations:add-all"), {
        "products": [lamp.pk, shop["bulb"].pk], "source": "bought_together",
        "product": lamp.pk}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert "Added to your basket: Bulb." in messages
    assert "Not added: Lamp: choose its options on its own page" in messages


def test_an_id_no_database_could_hold_is_refused_with_a_message(shop, client):
    for ids in ([str(2**63)], [str(shop["bulb"].pk), "9" * 30], ["١٢"]):
        response = client.post(reverse("recommendations:add-all"), {
            "products": ids, "source": "bought_together", "product": shop["lamp"].pk},
            follow=True)
        assert response.status_code == 200
        assert "One of the products is no longer for sale." in [
            str(m) for m in response.context["messages"]]
        assert response.wsgi_request.basket.num_lines == 0


def test_coming_back_from_an_add_is_not_another_click_on_the_link(shop, client):
    url = shop["lamp"].get_absolute_url()
    response = client.post(reverse("recommendations:add-all"), {
        "products": [shop["bulb"].pk], "source": "bought_together", "product": shop["lamp"].pk,
        "next": f"{url}?rec=bought_together:{shop['mug'].pk}&colour=red"})
    assert response["Location"] == f"{url}?colour=red"


def test_what_is_in_the_basket_leaves_the_bundle_whoever_it_is(shop, client):
    client.post(reverse("basket:add", kwargs={"pk": shop["bulb"].pk}), {"quantity": 1})
    bundle = bundle_of(client.get(shop["lamp"].get_absolute_url()).content.decode())
    assert shop["bulb"].pk not in bundle["ids"] and bundle["ids"][0] == shop["lamp"].pk


def test_a_bundle_of_best_sellers_only_does_not_claim_bought_together(shop, client):
    lonely = make_product("Lonely", price=Decimal("1.00"))
    html = client.get(lonely.get_absolute_url()).content.decode()
    section = html[html.index('id="bought-together"'):]
    assert "Popular in the shop right now" in section[:300]
    assert "Frequently bought together" not in section[:300]
    assert "Frequently bought together" in client.get(
        shop["lamp"].get_absolute_url()).content.decode()


def test_the_cached_bundle_of_one_shopper_is_not_served_to_another(shop):
    """Another shopper's view fills the markup's cache first: what this basket holds
    still leaves the bundle."""
    first, second = Client(), Client()
    assert shop["bulb"].pk in bundle_of(first.get(shop["lamp"].get_absolute_url())
                                        .content.decode())["ids"]
    second.post(reverse("basket:add", kwargs={"pk": shop["bulb"].pk}), {"quantity": 1})
    bundle = bundle_of(second.get(shop["lamp"].get_absolute_url()).content.decode())
    assert shop["bulb"].pk not in bundle["ids"] and bundle["ids"][0] == shop["lamp"].pk
