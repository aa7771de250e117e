"""Moderation, merchant replies, abuse reports, questions and guard rails."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from oscar.core.loading import get_model

from reviews import services
from tests.factories import make_product, place_order

ProductReview = get_model("reviews", "ProductReview")
ReviewReport = get_model("reviews", "ReviewReport")
ProductQuestion = get_model("reviews", "ProductQuestion")
ProductAnswer = get_model("reviews", "ProductAnswer")
RatingSummary = get_model("reviews", "RatingSummary")

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper(django_user_model):
    return django_user_model.objects.create_user("sam", "sam@example.com", "pw",
                                                 first_name="Sam", last_name="Buyer")


def kwargs(product, **extra):
    return {"product_slug": product.slug, "product_pk": product.pk, **extra}


def review_of(product, user, **fields):
    return ProductReview.objects.create(product=product, user=user, title=fields.pop(
        "title", "Nice"), body=fields.pop("body", "Works well."), score=fields.pop("score", 4),
        **fields)


def test_with_moderation_reviews_wait_for_approval(client, admin_client, product, shopper,
                                                   settings):
    settings.OSCAR_MODERATE_REVIEWS = True
    client.force_login(shopper)
    client.post(reverse("catalogue:reviews-add", kwargs=kwargs(product)),
                {"score": 5, "title": "Pending", "body": "Waiting for a moderator."})
    review = ProductReview.objects.get()
    assert review.status == ProductReview.FOR_MODERATION
    assert b"Waiting for a moderator" not in client.get(product.get_absolute_url()).content
    assert RatingSummary.objects.get(product=product).count == 0

    queue = admin_client.get(reverse("dashboard:reviews-list") + "?status=0")
    assert [r.pk for r in queue.context["review_list"]] == [review.pk]
    admin_client.post(reverse("dashboard:reviews-list"), {
        "action": "update_selected_review_status", "selected_review": [review.pk],
        "status": ProductReview.APPROVED})
    assert b"Waiting for a moderator" in client.get(product.get_absolute_url()).content
    assert RatingSummary.objects.get(product=product).count == 1


def test_merchant_reply_shows_under_the_review(client, admin_client, product, shopper):
    review = review_of(product, shopper, score=2)
    admin_client.post(reverse("dashboard:reviews-update", args=[review.pk]), {
        "title": review.title, "body": review.body, "score": 2,
        "status": ProductReview.APPROVED,
        "merchant_reply": "Sorry! We have sent a <b>replacement</b>."})
    review.refresh_from_db()
    assert review.merchant_reply_date is not None
    html = client.get(product.get_absolute_url()).content.decode()
    assert "Reply from the shop" in html
    assert "a &lt;b&gt;replacement&lt;/b&gt;" in html


def test_report_abuse_once_with_a_reason_and_staff_see_it(client, admin_client, product,
                                                          shopper):
    review = review_of(product, shopper)
    url = reverse("catalogue:reviews-report", kwargs=kwargs(product, pk=review.pk))
    assert client.post(url, {"reason": "nonsense"}).status_code == 400
    client.post(url, {"reason": "spam", "details": "Links to a casino"})
    second = client.post(url, {"reason": "offensive"})
    assert second.status_code == 400 and b"already reported" in second.content
    report = ReviewReport.objects.get()
    assert (report.reason, report.user, len(report.client_hash)) == ("spam", None, 64)
    reported = admin_client.get(reverse("dashboard:reviews-reported"))
    assert [r.pk for r in reported.context["review_list"]] == [review.pk]
    page = admin_client.get(reverse("dashboard:reviews-update", args=[review.pk]))
    assert b"Links to a casino" in page.content


def test_no_raw_ip_address_is_stored(client, product, shopper):
    client.force_login(shopper)
    client.post(reverse("catalogue:reviews-add", kwargs=kwargs(product)),
                {"score": 5, "title": "Fine", "body": "Fine product indeed."},
                REMOTE_ADDR="203.0.113.77")
    review = ProductReview.objects.get()
    assert "203.0.113.77" not in str(review.__dict__)
    assert len(review.client_hash) == 64


def test_rate_limit_per_account(client, shopper, settings):
    settings.REVIEWS_RATE_LIMIT_PER_HOUR = 2
    client.force_login(shopper)
    products = [make_product(f"P{i}") for i in range(3)]
    responses = [client.post(reverse("catalogue:reviews-add", kwargs=kwargs(p)),
                             {"score": 4, "title": "ok", "body": "Perfectly fine."})
                 for p in products]
    assert [r.status_code for r in responses] == [302, 302, 400]
    assert "2 times in the last hour" in responses[2].content.decode()
    assert ProductReview.objects.count() == 2


def test_rate_limit_per_client_across_accounts(client, django_user_model, settings):
    settings.REVIEWS_RATE_LIMIT_PER_HOUR = 1
    for n, product in enumerate([make_product("A"), make_product("B")]):
        user = django_user_model.objects.create_user(f"sock{n}", f"s{n}@example.com", "pw")
        client.force_login(user)
        response = client.post(reverse("catalogue:reviews-add", kwargs=kwargs(product)),
                               {"score": 5, "title": "wow", "body": "Best thing ever."},
                               REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 400
    assert ProductReview.objects.count() == 1


def test_questions_answered_by_staff_or_verified_buyers_only(
        client, product, shopper, django_user_model, django_capture_on_commit_callbacks):
    staff = django_user_model.objects.create_user("staff", "staff@example.com", "pw",
                                                  is_staff=True)
    client.force_login(shopper)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("catalogue:questions-ask", kwargs=kwargs(product)),
                    {"text": "Does it come with a bulb?"})
    question = ProductQuestion.objects.get()
    assert [m.to for m in mail.outbox] == [["staff@example.com"]]  # staff are told

    answer_url = reverse("catalogue:questions-answer", kwargs=kwargs(product, pk=question.pk))
    client.post(answer_url, {"text": "I think so"})  # has not bought it
    assert not ProductAnswer.objects.exists()
    place_order(product, user=shopper)
    client.post(answer_url, {"text": "Yes, a warm white one."})
    answer = ProductAnswer.objects.get()
    assert answer.by_verified_buyer and not answer.by_staff

    client.force_login(staff)
    unanswered = client.get(reverse("dashboard:reviews-questions"))
    assert list(unanswered.context["questions"]) == []
    html = client.get(product.get_absolute_url()).content.decode()
    assert "Does it come with a bulb?" in html and "a verified buyer" in html


def test_a_failing_mail_server_never_fails_the_shopper_asking(
        client, product, shopper, django_user_model, django_capture_on_commit_callbacks,
        settings, caplog):
    django_user_model.objects.create_user("staff", "staff@example.com", "pw", is_staff=True)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    client.force_login(shopper)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("catalogue:questions-ask", kwargs=kwargs(product)),
                               {"text": "Does it come with a bulb?"})
    assert response.status_code == 302
    assert ProductQuestion.objects.get().text == "Does it come with a bulb?"
    # The task ran after the commit, failed, and said so (not a failure to queue it).
    assert [r for r in caplog.records if r.levelname == "ERROR"
            and "mail_staff_about_question" in r.getMessage()
            and "Could not queue" not in r.getMessage()]
    assert "Connection refused" in caplog.text


def test_staff_answer_unanswered_questions_in_the_dashboard(admin_client, client, product,
                                                            shopper):
    question = ProductQuestion.objects.create(product=product, user=shopper,
                                              text="Is it waterproof?")
    assert list(admin_client.get(reverse("dashboard:reviews-questions"))
                .context["questions"]) == [question]
    admin_client.post(reverse("dashboard:reviews-question-answer", args=[question.pk]),
                      {"text": "Splash-proof, not waterproof."})
    assert ProductAnswer.objects.get().by_staff
    assert b"Splash-proof" in client.get(product.get_absolute_url()).content


def test_answering_is_for_staff_and_buyers_whichever_view_calls(product, shopper,
                                                              django_user_model):
    question = ProductQuestion.objects.create(product=product, user=shopper, text="Bright?")
    assert not services.may_answer(AnonymousUser(), product)
    assert not services.may_answer(shopper, product)
    with pytest.raises(PermissionDenied):
        services.answer_question(question, shopper, "I think so")
    staff = django_user_model.objects.create_user("staff", "staff@example.com", "pw",
                                                  is_staff=True)
    assert services.may_answer(staff, product)
    answer = services.answer_question(question, staff, "Very bright.")
    assert (answer.by_staff, answer.by_verified_buyer) == (True, False)


@pytest.mark.parametrize("text, error", [
    (" x ", "Ensure this value has at least 2 characters (it has 1)."),
    ("x" * 2001, "Keep it under 2000 characters."),
])
def test_dashboard_answers_keep_the_answer_form_limits(admin_client, product, shopper, text,
                                                       error):
    question = ProductQuestion.objects.create(product=product, user=shopper, text="Bright?")
    response = admin_client.post(reverse("dashboard:reviews-question-answer",
                                         args=[question.pk]), {"text": text}, follow=True)
    assert not ProductAnswer.objects.exists()
    assert [str(m) for m in response.context["messages"]] == [error]


def test_review_statistics_per_product(admin_client, product, shopper):
    review_of(product, shopper, score=5)
    page = admin_client.get(reverse("dashboard:reviews-stats"))
    row = page.context["table"].data[0]
    assert (row.rating_summary.count, row.rating_summary.stars_5, row.pending) == (1, 1, 0)
