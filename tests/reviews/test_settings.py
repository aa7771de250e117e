"""Every reviews setting is read where it matters, at call time."""

import time

import pytest
from django.contrib.sites.models import Site
from django.core import mail, signing
from django.urls import reverse
from oscar.core.loading import get_model

from reviews import audit, conf, signals, tokens
from sales import stats
from tests.factories import make_product

ProductReview = get_model("reviews", "ProductReview")
ProductQuestion = get_model("reviews", "ProductQuestion")
Vote = get_model("reviews", "Vote")

pytestmark = pytest.mark.django_db


def test_wilson_z_sets_the_stored_helpfulness_and_the_audit_agrees(settings,
                                                                   django_user_model):
    author, up, down = (django_user_model.objects.create_user(name, f"{name}@example.com", "pw")
                        for name in ("author", "up", "down"))
    review = ProductReview.objects.create(product=make_product("Lamp"), user=author, score=4,
                                          title="t", body="body text")
    settings.REVIEWS_WILSON_Z = 1.0
    Vote.objects.create(review=review, user=up, delta=1)
    Vote.objects.create(review=review, user=down, delta=-1)
    review.refresh_from_db()
    assert review.helpfulness == pytest.approx(stats.wilson_lower_bound(1, 2, 1.0))
    assert review.helpfulness > stats.wilson_lower_bound(1, 2, 1.96) + 0.05
    assert audit.audit() == []


class OldSigner(signing.TimestampSigner):
    """Signs as if two days ago: a review link sent in an older mail."""

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 2 * 24 * 60 * 60)


def test_review_link_max_age_is_read_when_the_link_is_opened(settings):
    token = OldSigner(salt=tokens.REVIEW_SALT).sign_object({"u": 7, "p": 3}, compress=True)
    assert tokens.read_review_token(token, 3) == 7  # 60 days by default
    settings.REVIEWS_REVIEW_LINK_MAX_AGE_DAYS = 1
    assert tokens.read_review_token(token, 3) is None


@pytest.fixture
def site_domain(settings):
    """The current Site renamed, and its cached copy dropped before and after."""
    Site.objects.filter(pk=settings.SITE_ID).update(domain="lamps.example")
    Site.objects.clear_cache()
    yield "lamps.example"
    Site.objects.clear_cache()


class TestBaseUrl:
    def test_the_setting_without_its_trailing_slash(self, settings):
        settings.REVIEWS_BASE_URL = "https://shop.example/"
        assert conf.base_url() == "https://shop.example"

    def test_unset_the_current_site_over_https(self, settings, site_domain):
        settings.REVIEWS_BASE_URL = None
        assert conf.base_url() == "https://lamps.example"
        settings.DEBUG = True
        assert conf.base_url() == "http://lamps.example"


@pytest.fixture
def staff_and_question(django_user_model):
    django_user_model.objects.create_user("staff", "staff@example.com", "pw", is_staff=True)
    shopper = django_user_model.objects.create_user("sam", "sam@example.com", "pw")
    return ProductQuestion.objects.create(product=make_product("Lamp"), user=shopper,
                                          text="Does it come with a bulb?")


def ask(question, capture):
    with capture(execute=True):
        signals.question_asked.send(sender=None, question=question, request=None)
    [message] = mail.outbox
    return message.body


def test_staff_mail_links_to_the_dashboard_on_the_public_url(
        settings, staff_and_question, django_capture_on_commit_callbacks):
    settings.REVIEWS_BASE_URL = "https://shop.example/"
    body = ask(staff_and_question, django_capture_on_commit_callbacks)
    assert "https://shop.example" + reverse("dashboard:reviews-questions") in body


def test_staff_mail_without_the_dashboard_links_to_the_product(
        settings, staff_and_question, django_capture_on_commit_callbacks):
    settings.REVIEWS_BASE_URL = "https://shop.example"
    settings.ROOT_URLCONF = "tests.reviews.urls_without_dashboard"
    body = ask(staff_and_question, django_capture_on_commit_callbacks)
    assert "/dashboard/" not in body
    assert "https://shop.example" + staff_and_question.product.get_absolute_url() in body
