"""A customer who bought a product follows the mailed link and reviews it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from oscar.core.loading import get_model

from reviews.requests import send_review_requests
from tests.factories import make_product, place_order

Order = get_model("order", "Order")
ProductReview = get_model("reviews", "ProductReview")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_mailed_link_to_a_verified_review(page, live_server, django_user_model, settings):
    # The review link (reviews) and the click redirect around it (funnel) on one host.
    settings.SHOP_BASE_URL = settings.REVIEWS_BASE_URL = settings.FUNNEL_BASE_URL = (
        live_server.url)
    customer = django_user_model.objects.create_user("mia", "mia@example.com", "pw-12345678",
                                                     first_name="Mia", last_name="Hart")
    lantern = make_product("Garden Lantern")
    order = place_order(lantern, user=customer)
    Order.objects.filter(pk=order.pk).update(date_placed=timezone.now() - timedelta(days=8),
                                             status="Complete")

    assert len(send_review_requests().sent) == 1
    link = re.search(r"http://\S+/t/c/\S+", mail.outbox[0].body).group(0)  # measured

    page.goto(link)  # not signed in: the signed link is the key
    assert "/reviews/add/?token=" in page.url
    page.check("input[name=score][value='5']")
    page.fill("input[name=title]", "Lights up the patio")
    page.fill("textarea[name=body]", "Sturdy, warm light, and the glass survived a storm.")
    page.get_by_role("button", name="Save review").click()

    page.wait_for_url(re.compile(re.escape(lantern.get_absolute_url())))
    review = page.locator("article.review", has_text="Lights up the patio")
    assert review.locator(".verified-badge").inner_text() == "Verified purchase"
    assert "Mia H." in review.inner_text()
    assert "1 review, 1 from verified buyers" in page.locator("#rating-summary").inner_text()
    stored = ProductReview.objects.get()
    assert (stored.user, stored.is_verified, stored.score) == (customer, True, 5)
