"""The demo's reviews: by customers who bought the product, in believable words,
under made-up names, dated between the purchase and now."""

import random
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Min
from django.utils import timezone
from oscar.core.loading import get_model

from reviews import services
from sales.queries import bought_lines
from shop.demo.review_texts import review_text
from tests.conftest import BUNDLED_EXTRACT

ProductReview = get_model("reviews", "ProductReview")
ProductAnswer = get_model("reviews", "ProductAnswer")

UNSHOWN = re.compile(r"photo|picture|image|description|measurement", re.I)


def test_hundreds_of_distinct_texts_none_about_what_the_shop_does_not_show():
    rng = random.Random(1)
    drawn = [review_text(score, rng) for score in (5, 4, 3, 2, 1) for _ in range(200)]
    assert len({body for _, body in drawn}) > 500
    assert not [text for pair in drawn for text in pair if UNSHOWN.search(text)]
    low = [body for score in (1, 2) for _, body in
           (review_text(score, random.Random(n)) for n in range(100))]
    assert not [b for b in low if re.search(r"love|perfect|highly recommend", b, re.I)]


@pytest.mark.django_db
def test_seeded_reviews_are_by_buyers_named_and_dated_after_their_purchase(capsys):
    call_command("import_online_retail", str(BUNDLED_EXTRACT), "--since", "2011-03-01",
                 "--until", "2011-03-31", "--shift-to-today")
    get_user_model().objects.create_user("staff", "staff@example.com", "pw", is_staff=True)
    call_command("seed_demo_reviews", "--products", "5")
    reviews = list(ProductReview.objects.select_related("user", "product"))
    assert len(reviews) >= 10
    now = timezone.now()
    for review in reviews:
        assert services.has_bought(review.user, review.product) and review.is_verified
        first = bought_lines().filter(product=review.product, order__user=review.user
                                      ).aggregate(first=Min("order__date_placed"))["first"]
        assert first < review.date_created < now
        assert review.display_name not in ("Customer", "A customer")
        assert re.fullmatch(r"[A-Z][a-z]+ [A-Z]\.", review.display_name)
        assert not UNSHOWN.search(review.title + review.body)
    assert len({r.body for r in reviews}) > len(reviews) * 0.8
    assert len({r.date_created.date() for r in reviews}) > 3  # not all at setup time
    assert not [a for a in ProductAnswer.objects.all() if UNSHOWN.search(a.text)]

    call_command("seed_demo_reviews", "--products", "5")  # never twice
    assert ProductReview.objects.count() == len(reviews)
    assert "nothing seeded" in capsys.readouterr().out
