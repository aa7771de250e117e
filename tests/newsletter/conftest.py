import pytest
from django.utils import timezone
from wagtail.rich_text import RichText

from shop.newsletter.models import NewsletterIssue, Subscriber
from tests.factories import make_product


@pytest.fixture
def subscribers():
    now = timezone.now()
    confirmed = [Subscriber.objects.create(email=f"reader{i}@example.com", requested_at=now,
                                           confirmed_at=now) for i in range(5)]
    Subscriber.objects.create(email="waiting@example.com", requested_at=now)
    Subscriber.objects.create(email="left@example.com", requested_at=now, confirmed_at=now,
                              unsubscribed_at=now)
    return confirmed


@pytest.fixture
def issue():
    teapot = make_product("Blue Teapot", "24.00", category="Kitchen > Tea")
    return NewsletterIssue.objects.create(
        subject="Tea season is here", preheader="Three pots we love",
        body=[("paragraph", RichText('<p>Start with <a href="/content/">our guides</a>.</p>')),
              ("product_card", {"product": teapot, "blurb": "Holds six cups."})])
