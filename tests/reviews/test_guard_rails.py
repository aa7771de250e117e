"""Guard rails that held only in part when probed: the client key, abuse reports,
the mailed review link, answers and the staff's question mail."""

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from oscar.core.loading import get_model

from reviews import tokens
from reviews.tasks import mail_staff_about_question
from tests.factories import make_product, place_order

ProductReview = get_model("reviews", "ProductReview")
ReviewReport = get_model("reviews", "ReviewReport")
ProductQuestion = get_model("reviews", "ProductQuestion")
ProductAnswer = get_model("reviews", "ProductAnswer")

pytestmark = pytest.mark.django_db
FIREFOX, CHROME = "Mozilla/5.0 (X11; Linux) Firefox/128.0", "Mozilla/5.0 (X11) Chrome/130.0"


def kwargs(product, **extra):
    return {"product_slug": product.slug, "product_pk": product.pk, **extra}


def review_body(title="Works"):
    return {"score": 4, "title": title, "body": "Does what it says on the box."}


def test_a_new_user_agent_is_not_a_new_client(client, django_user_model, settings):
    """One address, two accounts, two browsers: still one client for the limit."""
    settings.REVIEWS_RATE_LIMIT_PER_HOUR = 1
    statuses = []
    for n, agent in enumerate([FIREFOX, CHROME]):
        client.force_login(django_user_model.objects.create_user(f"u{n}", f"u{n}@example.com"))
        statuses.append(client.post(
            reverse("catalogue:reviews-add", kwargs=kwargs(make_product(f"P{n}"))),
            review_body(), REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT=agent).status_code)
    assert statuses == [302, 400]
    assert ProductReview.objects.count() == 1


def test_shoppers_at_other_addresses_with_the_same_browser_are_not_refused(
        client, django_user_model, settings):
    settings.REVIEWS_RATE_LIMIT_PER_HOUR = 1
    statuses = []
    for n, address in enumerate(["198.51.100.7", "203.0.113.9", "2001:db8:1::5",
                                 "2001:db8:2::5"]):
        client.force_login(django_user_model.objects.create_user(f"u{n}", f"u{n}@example.com"))
        statuses.append(client.post(
            reverse("catalogue:reviews-add", kwargs=kwargs(make_product(f"P{n}"))),
            review_body(), REMOTE_ADDR=address, HTTP_USER_AGENT=FIREFOX).status_code)
    assert statuses == [302, 302, 302, 302]


def test_one_ipv6_network_is_one_client(client, django_user_model, settings):
    """A phone or a household gets a whole /64: rotating within it is the same client."""
    settings.REVIEWS_RATE_LIMIT_PER_HOUR = 1
    statuses = []
    for n, address in enumerate(["2001:db8:1::5", "2001:db8:1::ffff:1"]):
        client.force_login(django_user_model.objects.create_user(f"u{n}", f"u{n}@example.com"))
        statuses.append(client.post(
            reverse("catalogue:reviews-add", kwargs=kwargs(make_product(f"P{n}"))),
            review_body(), REMOTE_ADDR=address).status_code)
    assert statuses == [302, 400]


def test_anonymous_reports_are_rate_limited(client, customer, settings):
    settings.REVIEWS_RATE_LIMIT_PER_HOUR = 2
    statuses = []
    for n in range(3):
        product = make_product(f"P{n}")
        review = ProductReview.objects.create(product=product, user=customer, score=5,
                                              title="Great", body="Really great thing.")
        for agent in (FIREFOX, CHROME):  # a new browser is no new client
            statuses.append(client.post(
                reverse("catalogue:reviews-report", kwargs=kwargs(product, pk=review.pk)),
                {"reason": "spam"}, REMOTE_ADDR="198.51.100.7",
                HTTP_USER_AGENT=agent).status_code)
    assert statuses == [302, 400, 302, 400, 400, 400]
    assert ReviewReport.objects.count() == 2


def test_the_sixth_post_in_an_hour_is_refused_by_default(client, customer):
    """The README's default: five posts of a kind an hour from one client."""
    assert not hasattr(django_settings, "REVIEWS_RATE_LIMIT_PER_HOUR")
    statuses = []
    for n in range(6):
        product = make_product(f"P{n}")
        review = ProductReview.objects.create(product=product, user=customer, score=5,
                                              title="Great", body="Really great thing.")
        statuses.append(client.post(
            reverse("catalogue:reviews-report", kwargs=kwargs(product, pk=review.pk)),
            {"reason": "spam"}, REMOTE_ADDR="198.51.100.7").status_code)
    assert statuses == [302] * 5 + [400]
    assert ReviewReport.objects.count() == 5


def test_the_mailed_link_writes_one_review_and_never_rewrites_it(client, customer):
    lamp = make_product("Lamp")
    place_order(lamp, user=customer)
    url = reverse("catalogue:reviews-add", kwargs=kwargs(lamp))
    token = tokens.review_token(customer.pk, lamp.pk)
    assert client.post(url, {"token": token, **review_body("Bright")}).status_code == 302
    review = ProductReview.objects.get()
    assert (review.user, review.score, review.is_verified) == (customer, 4, True)

    # The same link again (forwarded, leaked): it may not change the review.
    opened = client.get(url + f"?token={token}")
    assert opened.status_code == 302 and opened["Location"].startswith(reverse("customer:login"))
    client.post(url, {"token": token, "score": 1, "title": "Awful", "body": "Broke at once."})
    review.refresh_from_db()
    assert (review.score, review.title) == (4, "Bright")

    # Signed in, the author edits it.
    client.force_login(customer)
    client.post(url, {"score": 3, "title": "Bright, but", "body": "The switch is stiff."})
    review.refresh_from_db()
    assert (review.score, review.title) == (3, "Bright, but")


def test_answers_are_rate_limited(client, customer, settings):
    settings.REVIEWS_RATE_LIMIT_PER_HOUR = 2
    lamp = make_product("Lamp")
    place_order(lamp, user=customer)  # a verified buyer may answer
    questions = [ProductQuestion.objects.create(product=lamp, user=customer,
                                                text=f"Question number {n}?") for n in range(3)]
    client.force_login(customer)
    for question in questions:
        client.post(reverse("catalogue:questions-answer", kwargs=kwargs(lamp, pk=question.pk)),
                    {"text": "Yes, it does."})
    assert ProductAnswer.objects.count() == 2


def test_staff_answering_from_the_dashboard_are_not_rate_limited(admin_client, customer,
                                                                  settings):
    settings.REVIEWS_RATE_LIMIT_PER_HOUR = 1
    lamp = make_product("Lamp")
    for n in range(3):
        question = ProductQuestion.objects.create(product=lamp, user=customer,
                                                  text=f"Question number {n}?")
        admin_client.post(reverse("dashboard:reviews-question-answer", args=[question.pk]),
                          {"text": "Yes, it does."})
    assert ProductAnswer.objects.filter(by_staff=True).count() == 3


@pytest.fixture
def staff(django_user_model):
    return [django_user_model.objects.create_user(name, f"{name}@example.com", is_staff=True)
            for name in ("kim", "bo")]


def test_staff_are_mailed_once_per_question_each_on_their_own(staff, customer):
    question = ProductQuestion.objects.create(product=make_product("Lamp"), user=customer,
                                              text="Does it come with a bulb?")
    mail_staff_about_question.call(question.pk)
    mail_staff_about_question.call(question.pk)  # queued twice, or retried
    assert sorted(m.to[0] for m in mail.outbox) == ["bo@example.com", "kim@example.com"]
    assert all(len(m.to) == 1 for m in mail.outbox)


def test_past_the_daily_number_questions_wait_for_one_digest(
        staff, customer, settings, client, django_capture_on_commit_callbacks):
    settings.REVIEWS_QUESTION_MAILS_PER_DAY = 1
    lamp = make_product("Lamp")
    client.force_login(customer)
    for text in ("Does it come with a bulb?", "Is it dimmable?", "Is the cord long?"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("catalogue:questions-ask", kwargs=kwargs(lamp)),
                        {"text": text})
    # The immediate backend ran the task for each: one question mailed, two waiting.
    assert [m.subject for m in mail.outbox] == ["New question about Lamp"] * 2
    mail.outbox.clear()
    call_command("mail_question_digest")
    call_command("mail_question_digest")
    assert [m.subject for m in mail.outbox] == ["2 new questions from shoppers"] * 2
    assert "Is it dimmable?" in mail.outbox[0].body and "Is the cord long?" in mail.outbox[0].body
    assert not ProductQuestion.objects.filter(staff_mailed_at__isnull=True).exists()
