"""Verified reviews, one per customer, summaries, helpfulness, counts and JSON-LD."""

import json
import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from reviews import services
from tests.concurrency import SaveRace, run_together
from tests.factories import make_product, place_order

ProductReview = get_model("reviews", "ProductReview")
RatingSummary = get_model("reviews", "RatingSummary")
Vote = get_model("reviews", "Vote")
Order = get_model("order", "Order")
Line = get_model("order", "Line")

pytestmark = pytest.mark.django_db


def add_url(product):
    return reverse("catalogue:reviews-add", kwargs={"product_slug": product.slug,
                                                    "product_pk": product.pk})


def post_review(client, product, **data):
    return client.post(add_url(product), {"score": 5, "title": "Lovely",
                                          "body": "Bright and sturdy lantern.", **data})


class TestVerified:
    def test_a_buyer_is_verified(self, client, product, customer):
        place_order(product, user=customer)
        client.force_login(customer)
        post_review(client, product)
        assert ProductReview.objects.get().is_verified

    def test_someone_who_did_not_buy_is_not(self, client, product, customer):
        place_order(make_product("Other"), user=customer)
        client.force_login(customer)
        post_review(client, product)
        assert not ProductReview.objects.get().is_verified

    def test_a_cancelled_line_or_order_does_not_count(self, product, customer):
        order = place_order(product, user=customer)
        Line.objects.filter(order=order).update(status="Cancelled")
        assert not services.has_bought(customer, product)
        Line.objects.filter(order=order).update(status="Complete")
        assert services.has_bought(customer, product)
        Order.objects.filter(pk=order.pk).update(status="Cancelled")
        assert not services.has_bought(customer, product)

    def test_verified_only_filter(self, client, product, customer, django_user_model):
        place_order(product, user=customer)
        other = django_user_model.objects.create_user("bob", "bob@example.com", "pw")
        for user in (customer, other):
            client.force_login(user)
            post_review(client, product, title=f"By {user.username}")
        url = reverse("catalogue:reviews-list", kwargs={"product_slug": product.slug,
                                                        "product_pk": product.pk})
        titles = [r.title for r in client.get(url + "?verified=on").context["reviews"]]
        assert titles == ["By ada"]


def test_anonymous_reviews_are_off_by_default(client, product, settings):
    assert settings.OSCAR_ALLOW_ANON_REVIEWS is False
    response = post_review(client, product)
    assert response.status_code == 302
    assert not ProductReview.objects.exists()


def test_a_second_review_edits_the_first(client, product, customer):
    client.force_login(customer)
    post_review(client, product, score=2, title="Meh")
    post_review(client, product, score=4, title="Better after a week")
    review = ProductReview.objects.get()
    assert (review.score, review.title) == (4, "Better after a week")


@pytest.mark.django_db(transaction=True)
def test_first_reviews_posted_at_once_from_two_tabs_end_as_one(product, customer):
    """The second tab finds no review while the first is saving its own: the database
    lets one insert and the later post edits it, as it would have edited a review it
    had found (``SaveRace``; where posts cannot overlap, the second finds it)."""
    titles = ["From the first tab", "From the second tab"]

    def post(index):
        browser = Client()
        browser.force_login(customer)
        return browser.post(add_url(product), {
            "score": index + 3, "title": titles[index], "body": "Arrived well packed."})

    with SaveRace(ProductReview, "reviews_productreview") as race:
        responses = run_together(2, lambda index: race.post(index, lambda: post(index)))
    assert race.saving.is_set() and race.read.is_set()
    assert [r.status_code for r in responses] == [302, 302]
    review = ProductReview.objects.get()
    assert (review.title, review.score) == (titles[1], 4)


@pytest.mark.django_db(transaction=True)
def test_a_vote_double_clicked_in_two_tabs_counts_once(product, customer, django_user_model):
    """The second click's form finds no vote while the first is being saved: the
    unique constraint decides, and the second post is told so, not shown an error
    (``SaveRace``; where posts cannot overlap, the second's form says no)."""
    review = ProductReview.objects.create(product=product, user=customer, score=4,
                                          title="t", body="body text")
    voter = django_user_model.objects.create_user("v", "v@example.com", "pw")
    url = reverse("catalogue:reviews-vote", kwargs={
        "product_slug": product.slug, "product_pk": product.pk, "pk": review.pk})
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.force_login(voter)

    with SaveRace(Vote, "reviews_vote") as race:
        statuses = run_together(2, lambda index: race.post(
            index, lambda: browsers[index].post(url, {"delta": 1}).status_code))
    assert race.saving.is_set() and race.read.is_set()
    assert statuses == [302, 302]
    told = [[str(message) for message in browser.get(product.get_absolute_url())
             .context["messages"]] for browser in browsers]
    assert told == [["Thanks for voting!"], ["You can only vote once on a review" + (
        "." if race.overlap else "")]]  # the database's word, or the form's
    assert Vote.objects.get().user == voter
    review.refresh_from_db()
    assert review.total_votes == 1


def test_an_edited_review_goes_back_to_moderation(client, product, customer, settings):
    client.force_login(customer)
    post_review(client, product)
    assert ProductReview.objects.get().status == ProductReview.APPROVED
    settings.OSCAR_MODERATE_REVIEWS = True
    post_review(client, product, title="Changed my mind")
    review = ProductReview.objects.get()
    assert (review.title, review.status) == ("Changed my mind", ProductReview.FOR_MODERATION)


def test_save_review_takes_the_badge_from_the_orders_not_the_form(product, customer):
    review = ProductReview(product=product, score=5, title="t", body="body text",
                           is_verified=True)
    saved = services.save_review(review, customer, "c" * 64)
    assert (saved.user, saved.is_verified, saved.client_hash) == (customer, False, "c" * 64)
    place_order(product, user=customer)
    assert services.save_review(saved, customer, "d" * 64).is_verified


def test_summary_histogram_and_bayesian(product, django_user_model):
    for n, score in enumerate([5, 5, 4, 1]):
        user = django_user_model.objects.create_user(f"u{n}", f"u{n}@example.com", "pw")
        ProductReview.objects.create(product=product, user=user, score=score, title="t",
                                     body="body text")
    summary = RatingSummary.objects.get(product=product)
    assert (summary.count, summary.average) == (4, 3.75)
    assert summary.histogram == [(5, 2, 50), (4, 1, 25), (3, 0, 0), (2, 0, 0), (1, 1, 25)]
    assert summary.bayesian == pytest.approx((3.0 * 10 + 15) / 14, abs=1e-4)
    ProductReview.objects.filter(score=1).delete()  # queryset delete: no signal
    ProductReview.objects.get(score=4).delete()  # instance delete: refreshed
    assert RatingSummary.objects.get(product=product).count == 2


def test_top_rated_uses_the_bayesian_average(client, django_user_model):
    """One 5-star review does not outrank ten at 4.8 (and the stored summary is the
    one the reviews made, not one written here)."""
    one = make_product("One Five Star")
    many = make_product("Ten at 4.8")
    users = [django_user_model.objects.create_user(f"u{n}", f"u{n}@example.com", "pw")
             for n in range(10)]
    ProductReview.objects.create(product=one, user=users[0], score=5, title="t",
                                 body="great item")
    for n, user in enumerate(users):
        ProductReview.objects.create(product=many, user=user, score=4 if n < 2 else 5,
                                     title="t", body="great item")
    summary = RatingSummary.objects.get(product=many)
    assert (summary.count, summary.average) == (10, 4.8)
    assert summary.bayesian == pytest.approx((3.0 * 10 + 48) / 20, abs=1e-4)
    response = client.get(reverse("reviews-top-rated"))
    assert [p.title for p in response.context["products"]][:2] == [
        "Ten at 4.8", "One Five Star"]


class TestHelpfulness:
    def test_one_vote_per_user_and_never_on_your_own(self, client, product, customer,
                                                      django_user_model):
        review = ProductReview.objects.create(product=product, user=customer, score=4,
                                              title="t", body="body text")
        url = reverse("catalogue:reviews-vote", kwargs={
            "product_slug": product.slug, "product_pk": product.pk, "pk": review.pk})
        client.force_login(customer)
        client.post(url, {"delta": 1})
        assert not Vote.objects.exists()
        voter = django_user_model.objects.create_user("v", "v@example.com", "pw")
        client.force_login(voter)
        client.post(url, {"delta": 1})
        client.post(url, {"delta": -1})
        assert list(Vote.objects.values_list("delta", flat=True)) == [1]
        review.refresh_from_db()
        assert review.helpfulness > 0

    def test_most_helpful_orders_by_wilson_lower_bound(self, client, product,
                                                       django_user_model):
        authors = [django_user_model.objects.create_user(f"a{i}", f"a{i}@x.com", "pw")
                   for i in range(2)]
        voters = [django_user_model.objects.create_user(f"v{i}", f"v{i}@x.com", "pw")
                  for i in range(10)]
        lucky = ProductReview.objects.create(product=product, user=authors[0], score=5,
                                             title="one vote", body="body text")
        solid = ProductReview.objects.create(product=product, user=authors[1], score=4,
                                             title="nine of ten", body="body text")
        Vote.objects.create(review=lucky, user=voters[0], delta=1)
        for n, voter in enumerate(voters):
            Vote.objects.create(review=solid, user=voter, delta=1 if n < 9 else -1)
        url = reverse("catalogue:reviews-list", kwargs={"product_slug": product.slug,
                                                        "product_pk": product.pk})
        titles = [r.title for r in client.get(url + "?sort_by=helpful").context["reviews"]]
        assert titles == ["nine of ten", "one vote"]


def test_social_proof_of_many_products_in_two_queries(product, customer, django_user_model,
                                                     settings):
    """A listing's figures: each product's own summary and purchase count, and an
    empty proof (no summary, no purchases) for a product with neither."""
    settings.REVIEWS_PURCHASE_COUNT_MIN = 1
    other, quiet = make_product("Other"), make_product("Quiet")
    ProductReview.objects.create(product=product, user=customer, score=4, title="t",
                                 body="body text")
    for _ in range(2):
        place_order(other)
    with CaptureQueriesContext(connection) as queries:
        proof = services.social_proof([product.pk, other.pk, quiet.pk, other.pk])
    assert len(queries) == 2
    assert sorted(proof) == sorted([product.pk, other.pk, quiet.pk])
    assert (proof[product.pk].summary.count, proof[product.pk].purchases) == (1, 0)
    assert (proof[other.pk].summary, proof[other.pk].purchases) == (None, 2)
    assert proof[other.pk].purchase_text == "2 bought in the past month"
    assert (proof[quiet.pk].summary, proof[quiet.pk].purchases,
            proof[quiet.pk].purchase_text) == (None, 0, None)


class TestPurchaseCounts:
    def test_shown_from_k_distinct_orders(self, client, product, settings):
        settings.REVIEWS_PURCHASE_COUNT_MIN = 3
        for _ in range(2):
            place_order(product, quantity=3)
        assert b"bought in the past month" not in client.get(product.get_absolute_url()).content
        place_order(product)
        assert b"3 bought in the past month" in client.get(product.get_absolute_url()).content

    def test_shown_from_five_orders_by_default(self, client, product):
        """The README's default: no count until five distinct orders."""
        assert not hasattr(django_settings, "REVIEWS_PURCHASE_COUNT_MIN")
        for _ in range(4):
            place_order(product, quantity=3)
        assert b"bought in the past month" not in client.get(product.get_absolute_url()).content
        place_order(product)
        assert b"5 bought in the past month" in client.get(product.get_absolute_url()).content

    def test_only_the_last_30_days_count(self, product):
        old = place_order(product)
        Order.objects.filter(pk=old.pk).update(date_placed=timezone.now() - timedelta(days=31))
        place_order(product)
        assert services.purchase_counts([product.pk]) == {product.pk: 1}

    def test_a_listing_costs_two_queries_for_all_its_products(self, product):
        from django.template import Context, Template
        from django.test import RequestFactory

        products = [make_product(f"P{i}") for i in range(20)]
        for p in products[:3]:
            place_order(p)
        request = RequestFactory().get("/")
        template = Template("{% load social_proof_tags %}{% for p in products %}"
                            "{% listing_proof p as proof %}{{ proof.count }}{% endfor %}")
        with CaptureQueriesContext(connection) as captured:
            template.render(Context({"request": request, "products": products}))
        assert len(captured) == 2


def test_json_ld_describes_product_rating_and_reviews(client, product, django_user_model):
    for n, score in enumerate([5, 4, 4, 3, 5, 2]):
        user = django_user_model.objects.create_user(f"j{n}", f"j{n}@x.com", "pw",
                                                     first_name=f"Jo{n}", last_name="Doe")
        ProductReview.objects.create(product=product, user=user, score=score,
                                     title=f"T{n} </script>", body="body text")
    html = client.get(product.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "Product" and data["name"] == "Lantern"
    assert data["aggregateRating"] == {"@type": "AggregateRating", "ratingValue": 3.83,
                                       "reviewCount": 6, "bestRating": 5, "worstRating": 1}
    assert len(data["review"]) == 5
    assert {r["author"]["name"] for r in data["review"]} <= {f"Jo{n} D." for n in range(6)}
    assert data["offers"]["priceCurrency"] == "GBP"


def test_no_json_ld_rating_without_reviews(client, product):
    html = client.get(product.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert "aggregateRating" not in data and "review" not in data


def test_one_star_is_one_star(product):
    """Both the review form and the reviews filter say "1 star", not "1 stars"."""
    from reviews.forms import ProductReviewForm, SortReviewsForm

    for field in (SortReviewsForm().fields["stars"], ProductReviewForm(product).fields["score"]):
        labels = dict(field.choices)
        assert (labels[1], labels[2]) == ("1 star", "2 stars")
