"""recompute_social_proof: every shown figure against the raw data."""

import pytest
from django.core.management import CommandError, call_command
from oscar.core.loading import get_model

from reviews import services
from tests.factories import make_product, place_order

ProductReview = get_model("reviews", "ProductReview")
RatingSummary = get_model("reviews", "RatingSummary")
Vote = get_model("reviews", "Vote")
Line = get_model("order", "Line")
Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(django_user_model):
    product = make_product("Lamp")
    buyer = django_user_model.objects.create_user("b", "b@example.com", "pw")
    voter = django_user_model.objects.create_user("v", "v@example.com", "pw")
    order = place_order(product, user=buyer)
    review = ProductReview.objects.create(product=product, user=buyer, score=4, title="t",
                                          body="body text",
                                          is_verified=services.has_bought(buyer, product))
    Vote.objects.create(review=review, user=voter, delta=1)
    return product, review, order


def check(capsys):
    try:
        call_command("recompute_social_proof", "--check")
    except CommandError as error:
        return str(error), capsys.readouterr().out
    return None, capsys.readouterr().out


def test_consistent_data_passes(reviewed, capsys):
    error, out = check(capsys)
    assert error is None and "All figures agree" in out


def test_tampered_figures_are_reported_then_fixed(reviewed, capsys):
    product, review, order = reviewed
    RatingSummary.objects.filter(product=product).update(count=99, stars_5=3)
    ProductReview.objects.filter(pk=review.pk).update(total_votes=7)
    Product.objects.filter(pk=product.pk).update(rating=1.0)
    Line.objects.filter(order=order).update(status="Cancelled")  # returned: no longer verified

    error, out = check(capsys)
    assert error.startswith("4 social-proof figure(s) disagree")
    assert f"review {review.pk}: verified badge True should be False" in out
    assert f"review {review.pk}: votes 7/1 should be 1/1" in out
    assert f"product {product.pk}: summary" in out and "star rating 1.0 should be 4.0" in out

    call_command("recompute_social_proof")
    error, out = check(capsys)
    assert error is None
    review.refresh_from_db()
    assert not review.is_verified
    assert RatingSummary.objects.get(product=product).count == 1

