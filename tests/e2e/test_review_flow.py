"""A customer writes a review with the stars, edits it, and votes on another's; a
shopper sorts a listing by customer rating and by best selling."""

import re

import pytest
from haystack import connections
from oscar.core.loading import get_model

from tests.factories import make_product, place_order

Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")
Vote = get_model("reviews", "Vote")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base_url, email, password):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login-username]", email)
    page.fill("input[name=login-password]", password)
    page.locator("button[name=login_submit]").click()


def test_a_review_written_with_stars_edited_and_a_vote_shown_as_yours(
        page, live_server, django_user_model):
    ada = django_user_model.objects.create_user("ada", "ada@example.com", "pw-12345678",
                                                first_name="Ada", last_name="Shopper")
    kit = django_user_model.objects.create_user("kit", "kit@example.com", "pw")
    lamp = make_product("Brass Desk Lamp")
    place_order(lamp, user=ada)
    theirs = ProductReview.objects.create(product=lamp, user=kit, score=4, title="Warm light",
                                          body="Good on a desk.",
                                          status=ProductReview.APPROVED)
    sign_in(page, live_server.url, "ada@example.com", "pw-12345678")

    page.goto(live_server.url + lamp.get_absolute_url())
    page.locator("#reviews").get_by_role("link", name="Write a review").click()
    page.locator("label[title='4 stars']").click()  # the star, as a shopper clicks it
    assert page.locator("input[name=score][value='4']").is_checked()
    page.mouse.move(0, 0)  # no hover preview
    lit = page.locator(".star-input label").evaluate_all(
        "labels => labels.map(l => getComputedStyle(l).color)")
    assert len(set(lit[:4])) == 1 and lit[4] != lit[0]  # stars 1 to 4 lit, 5 not
    page.fill("input[name=title]", "Solid lamp")
    page.fill("textarea[name=body]", "Heavy base, bright bulb, nice switch.")
    page.get_by_role("button", name="Save review").click()
    page.wait_for_url(re.compile(re.escape(lamp.get_absolute_url())))
    mine = page.locator("article.review", has_text="Solid lamp")
    assert "Ada S." in mine.inner_text() and "Verified purchase" in mine.inner_text()
    assert "Showing 2 of 2 reviews" in page.locator("#reviews").inner_text()

    mine.get_by_role("link", name="Edit your review").click()
    assert page.locator("input[name=title]").input_value() == "Solid lamp"
    page.locator("label[title='5 stars']").click()
    page.fill("input[name=title]", "Solid lamp, even better after a month")
    page.get_by_role("button", name="Save review").click()
    page.wait_for_url(re.compile(re.escape(lamp.get_absolute_url())))
    assert page.locator("article.review", has_text="even better after a month").count() == 1
    stored = ProductReview.objects.get(user=ada)
    assert (stored.score, stored.title) == (5, "Solid lamp, even better after a month")

    other = page.locator(f"#review-{theirs.pk}")
    other.get_by_role("button", name="Yes").click()
    page.wait_for_url(re.compile(re.escape(lamp.get_absolute_url())))
    other = page.locator(f"#review-{theirs.pk}")
    assert "You found this helpful" in other.inner_text()
    assert other.get_by_role("button", name="Yes").count() == 0
    assert Vote.objects.get(review=theirs).delta == 1


def test_sorting_a_listing_by_rating_and_by_best_selling(page, live_server,
                                                         django_user_model):
    users = [django_user_model.objects.create_user(f"u{i}", f"u{i}@example.com", "pw")
             for i in range(4)]
    unrated, loved, liked = (make_product(t) for t in ("Acorn Bowl", "Birch Bowl", "Cedar Bowl"))
    for user in users:
        ProductReview.objects.create(product=loved, user=user, score=5, title="t", body="b",
                                     status=ProductReview.APPROVED)
    ProductReview.objects.create(product=liked, user=users[0], score=4, title="t", body="b",
                                 status=ProductReview.APPROVED)
    for _ in range(3):
        place_order(liked)
    place_order(unrated)
    connections["default"].get_backend().update(
        connections["default"].get_unified_index().get_index(Product), Product.objects.all())

    def titles():
        return page.locator("article.shop-card .card-title a").all_inner_texts()

    page.goto(live_server.url + "/catalogue/")
    page.select_option("select[name=sort_by]", label="Customer rating")
    page.wait_for_url(re.compile(r"sort_by=rating"))
    assert titles() == ["Birch Bowl", "Cedar Bowl", "Acorn Bowl"]
    page.select_option("select[name=sort_by]", label="Best selling")
    page.wait_for_url(re.compile(r"sort_by=best-selling"))
    assert titles()[:2] == ["Cedar Bowl", "Acorn Bowl"]
