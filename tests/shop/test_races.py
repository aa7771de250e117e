"""Races run for real: threads with their own database connections, started together.

On PostgreSQL (the second run of ``make test``) the threads truly overlap and
the database's constraints and row locks decide; on SQLite its write lock
serialises them, so the same assertions check the fallback paths there.
"""

import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.rich_text import RichText

from funnel.models import Event, EventType
from reviews import services
from shop.mail.models import Delivery
from shop.newsletter.models import NewsletterIssue, Subscriber
from shop.newsletter.sending import send_issue
from tests.concurrency import run_together
from tests.factories import make_product

ProductReview = get_model("reviews", "ProductReview")
pytestmark = pytest.mark.django_db(transaction=True)


class SlowServer(EmailBackend):
    """A mail server that takes a moment per message, so that runs overlap."""

    def send_messages(self, messages):
        time.sleep(0.01)
        return super().send_messages(messages)


def test_first_reviews_posted_at_once_end_as_one_review(django_user_model):
    product = make_product("Enamel Mug")
    customer = django_user_model.objects.create_user("ann", "ann@example.com", "x")
    titles = [f"Take {i}" for i in range(4)]

    def post(index):
        review = ProductReview(product=product, score=index + 1, title=titles[index],
                               body="Posted twice by a double click.")
        return services.save_review(review, customer, "c" * 64).pk

    saved = run_together(4, post)
    review = ProductReview.objects.get()
    assert set(saved) == {review.pk}
    assert review.title in titles and review.score == titles.index(review.title) + 1


def test_two_sends_at_once_mail_each_subscriber_once(settings):
    settings.EMAIL_BACKEND = "tests.shop.test_races.SlowServer"
    now = timezone.now()
    Subscriber.objects.bulk_create([
        Subscriber(email=f"reader{i}@example.com", requested_at=now, confirmed_at=now)
        for i in range(30)])
    issue = NewsletterIssue.objects.create(
        subject="Autumn", body=[("paragraph", RichText("<p>New mugs.</p>"))])

    outcomes = run_together(2, lambda _: send_issue(NewsletterIssue.objects.get(pk=issue.pk)))

    recipients = [message.to[0] for message in mail.outbox]
    assert len(recipients) == len(set(recipients)) == 30
    assert sum(outcome.sent for outcome in outcomes) == 30
    assert Delivery.objects.filter(status=Delivery.SENT).count() == 30
    assert Event.objects.filter(type=EventType.EMAIL_SENT).count() == 30
