"""Property-based fuzzing of the public review and question forms.

Whatever a visitor types, the shop answers with a stored, escaped review or a
clear error, and stores nothing when it refuses.
"""

import html

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oscar.core.loading import get_model

from tests.factories import make_product

ProductReview = get_model("reviews", "ProductReview")
ProductQuestion = get_model("reviews", "ProductQuestion")

pytestmark = pytest.mark.django_db

nasty = st.sampled_from(["<script>alert(1)</script>", "<b>bold</b>", "http://spam.example",
                         "' OR 1=1 --", "\u202e", "😀", "é", "\x00", " ", "\n"])
text = st.lists(st.one_of(st.text(max_size=40), nasty), max_size=8).map("".join)
long_text = st.integers(min_value=0, max_value=6000).map(lambda n: "x" * n)
scores = st.one_of(st.integers(min_value=-3, max_value=9).map(str), st.sampled_from(
    ["", "five", "3.5", "1e3"]))

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@pytest.fixture
def signed_in(client, django_user_model, settings):
    settings.REVIEWS_RATE_LIMIT_PER_HOUR = 10_000
    user = django_user_model.objects.create_user("fuzz", "fuzz@example.com", "pw")
    client.force_login(user)
    return client


@FUZZ
@given(title=st.one_of(text, long_text), body=st.one_of(text, long_text), score=scores)
def test_review_form_stores_escaped_or_refuses_clearly(signed_in, title, body, score):
    product = make_product("Fuzz Lamp")
    try:
        response = signed_in.post(
            reverse("catalogue:reviews-add", kwargs={"product_slug": product.slug,
                                                     "product_pk": product.pk}),
            {"title": title, "body": body, "score": score})
        stored = ProductReview.objects.filter(product=product)
        if response.status_code == 400:
            assert not stored.exists()
            assert "invalid-feedback" in response.content.decode()
        else:
            assert response.status_code == 302
            review = stored.get()
            assert 1 <= review.score <= 5 and str(review.score) == score.strip()
            assert 0 < len(review.title) <= 120 and 10 <= len(review.body) <= 5000
            assert "\x00" not in review.title + review.body
            page = signed_in.get(product.get_absolute_url()).content.decode()
            assert html.escape(review.title) in page
            if "<script>" in review.body:
                assert "&lt;script&gt;" in page
            assert "<script>alert(1)" not in page
        if not (score.strip().isdigit() and 1 <= int(score) <= 5) or len(body.strip()) > 5000 \
                or len(" ".join(title.split())) > 120:
            assert response.status_code == 400
    finally:
        ProductReview.objects.all().delete()
        product.delete()


@FUZZ
@given(question=st.one_of(text, long_text))
def test_question_form_stores_escaped_or_refuses_clearly(signed_in, question):
    product = make_product("Fuzz Kettle")
    try:
        response = signed_in.post(
            reverse("catalogue:questions-ask", kwargs={"product_slug": product.slug,
                                                       "product_pk": product.pk}),
            {"text": question}, follow=True)
        stored = ProductQuestion.objects.filter(product=product)
        messages = [str(m) for m in response.context["messages"]]
        if stored.exists():
            assert messages == ["Thanks! We will answer your question here."]
            assert 10 <= len(stored.get().text) <= 1000
        else:
            assert messages and all(m for m in messages)
            stripped = question.strip()
            assert len(stripped) < 10 or len(stripped) > 1000 or "\x00" in stripped
        assert "<script>alert(1)" not in response.content.decode()
    finally:
        ProductQuestion.objects.all().delete()
        product.delete()
