"""A product page's social proof comes from the cache, and every write shows on the
next view: reviews, moderation, votes, questions, answers and orders."""

import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from reviews import cached, conf, services
from reviews.checks import check_settings
from tests.factories import place_order

ProductReview = get_model("reviews", "ProductReview")
ProductQuestion = get_model("reviews", "ProductQuestion")
Line = get_model("order", "Line")
pytestmark = pytest.mark.django_db


def page(client, product):
    return client.get(product.get_absolute_url()).content.decode()


def review(product, user, title="Bright and sturdy", status=ProductReview.APPROVED):
    return ProductReview.objects.create(product=product, user=user, score=4, title=title,
                                        body="Lights the whole garden.", status=status)


def test_a_second_anonymous_view_reads_no_review_table(client, product, customer):
    review(product, customer)
    page(client, product)
    with CaptureQueriesContext(connection) as queries:
        assert "Bright and sturdy" in page(client, product)
    read = [q["sql"] for q in queries if '"reviews_' in q["sql"] or '"order_line"' in q["sql"]]
    # Only Oscar's own template asks (``product.num_approved_reviews``), as in any Oscar shop.
    assert [sql for sql in read if not sql.startswith('SELECT COUNT(*) AS "__count" FROM '
                                                      '"reviews_productreview"')] == []


def test_a_new_review_shows_on_the_next_view(client, product, customer):
    assert "does not have any reviews yet" in page(client, product)
    review(product, customer)
    html = page(client, product)
    assert "Bright and sturdy" in html
    assert '<span class="review-count">1</span>' in html


def test_moderation_shows_on_the_next_view(client, product, customer):
    written = review(product, customer, status=ProductReview.FOR_MODERATION)
    assert "Bright and sturdy" not in page(client, product)
    written.status = ProductReview.APPROVED
    written.save()
    assert "Bright and sturdy" in page(client, product)
    written.status = ProductReview.REJECTED
    written.save()
    assert "Bright and sturdy" not in page(client, product)


def test_a_vote_shows_on_the_next_view(client, product, customer, django_user_model):
    written = review(product, customer)
    assert "found this helpful" not in page(client, product)
    voter = django_user_model.objects.create_user("bo", "bo@example.com", "pw-123456")
    client.force_login(voter)
    client.post(reverse("catalogue:reviews-vote", kwargs={
        "product_slug": product.slug, "product_pk": product.pk, "pk": written.pk}),
        {"delta": 1})
    client.logout()
    assert "1 of 1 person found this helpful" in page(client, product)


def test_an_answer_and_a_hidden_question_show_on_the_next_view(
        client, product, django_user_model):
    staff = django_user_model.objects.create_user("staff", "staff@example.com", "pw",
                                                  is_staff=True)
    asker = django_user_model.objects.create_user("cy", "cy@example.com", "pw")
    question = ProductQuestion.objects.create(product=product, user=asker,
                                              text="Is it waterproof?")
    assert "Is it waterproof?" not in page(client, product)  # unanswered: not shown
    services.answer_question(question, staff, "Yes, to IP44.")
    assert "Yes, to IP44." in page(client, product)
    question.is_public = False
    question.save()
    assert "Is it waterproof?" not in page(client, product)


def test_signed_in_shoppers_get_their_forms_and_nobody_gets_theirs(
        client, product, customer, django_user_model):
    review(product, customer)
    assert "Helpful?" not in page(client, product)  # cached for visitors
    client.force_login(django_user_model.objects.create_user("bo", "bo@example.com", "pw"))
    mine = page(client, product)
    assert "Helpful?" in mine and "csrfmiddlewaretoken" in mine
    client.logout()
    section = page(client, product).split('id="reviews"', 1)[1]
    assert "Helpful?" not in section and "csrfmiddlewaretoken" not in section.split(
        "</section>", 1)[0]


def test_an_order_shows_in_the_purchase_count_on_the_next_view(client, product, settings):
    settings.REVIEWS_PURCHASE_COUNT_MIN = 1
    assert "bought in the past month" not in page(client, product)
    place_order(product)
    assert "1 bought in the past month" in page(client, product)
    order = place_order(product)
    assert "2 bought in the past month" in page(client, product)
    order.set_status("Cancelled")
    assert "1 bought in the past month" in page(client, product)


def test_purchase_counts_are_never_older_than_their_bound(product, settings):
    settings.REVIEWS_PURCHASE_COUNT_CACHE_SECONDS = 1
    order = place_order(product)
    assert cached.purchase_counts([product.pk]) == {product.pk: 1}
    Line.objects.filter(order=order).update(status="Cancelled")  # no signal: nothing forgotten
    assert cached.purchase_counts([product.pk]) == {product.pk: 1}
    time.sleep(1.1)
    assert cached.purchase_counts([product.pk]) == {}


def test_the_bound_is_15_minutes_and_never_over_an_hour(settings):
    assert conf.get("PURCHASE_COUNT_CACHE_SECONDS") == 900
    settings.REVIEWS_PURCHASE_COUNT_CACHE_SECONDS = 3601
    assert [e.id for e in check_settings(None)] == ["reviews.E012"]
    settings.REVIEWS_PURCHASE_COUNT_CACHE_SECONDS = 3600
    assert check_settings(None) == []


def test_the_audit_checks_what_pages_show_and_fixing_refreshes_it(client, product, settings):
    settings.REVIEWS_PURCHASE_COUNT_MIN = 1
    order = place_order(product)
    assert "1 bought in the past month" in page(client, product)
    call_command("recompute_social_proof", "--check")  # agrees
    Line.objects.filter(order=order).update(status="Cancelled")  # behind the signals' back
    with pytest.raises(CommandError):
        call_command("recompute_social_proof", "--check")
    assert "1 bought in the past month" in page(client, product)  # still cached
    call_command("recompute_social_proof")
    assert "bought in the past month" not in page(client, product)
    call_command("recompute_social_proof", "--check")
