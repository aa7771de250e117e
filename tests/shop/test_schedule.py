"""Every scheduled job runs as cron runs it, and does its work."""

import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from haystack.query import SearchQuerySet
from oscar.apps.partner.strategy import Default
from oscar.core.loading import get_model

from funnel.models import DailyRollup, Event, EventType
from recommendations.models import ProductComplement
from shop.mail.automated import OrderConfirmations
from shop.operations.schedule import JOBS
from tests.conftest import REPO
from tests.factories import make_product, place_order

Basket = get_model("basket", "Basket")
BasketLine = get_model("basket", "Line")
Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
ProductQuestion = get_model("reviews", "ProductQuestion")
ProductReview = get_model("reviews", "ProductReview")
RatingSummary = get_model("reviews", "RatingSummary")

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_work(django_user_model, settings):
    """A shop with something for every job to do."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    long_ago = timezone.now() - timedelta(days=120)
    kim = django_user_model.objects.create_user("kim", "kim@example.com", "pw")
    lea = django_user_model.objects.create_user("lea", "lea@example.com", "pw")
    lamp, bulb, shade = make_product("Lamp"), make_product("Bulb"), make_product("Shade")
    for _ in range(3):  # bought together often enough to be mined
        place_order(lamp, bulb)
    reviewable = place_order(shade, user=kim)
    Order.objects.filter(pk=reviewable.pk).update(
        status="Complete", date_placed=timezone.now() - timedelta(days=10))
    basket = Basket.objects.create(owner=lea)
    basket.strategy = Default()
    basket.add_product(shade)
    BasketLine.objects.filter(basket=basket).update(
        date_updated=timezone.now() - timedelta(hours=30))
    # A question asked past the day's number of staff mails, waiting for the digest.
    django_user_model.objects.create_user("max", "max@example.com", "pw", is_staff=True)
    ProductQuestion.objects.create(product=lamp, user=kim, text="Is the shade glass?")
    # An order whose confirmation the worker never sent (mail server down, task lost).
    unconfirmed = place_order(bulb, user=lea)
    OrderConfirmations.queue(unconfirmed)
    Event.objects.create(type=EventType.PRODUCT_VIEW, product=lamp, occurred_at=long_ago)
    Event.objects.create(type=EventType.PRODUCT_VIEW, product=lamp, occurred_at=timezone.now())
    finished = DBTaskResult.objects.create(
        task_path="shop.newsletter.tasks.send_newsletter", args_kwargs={"args": [1]},
        status="SUCCESSFUL", backend_name="default", queue_name="default")
    DBTaskResult.objects.filter(pk=finished.pk).update(finished_at=long_ago,
                                                       enqueued_at=long_ago)
    Session.objects.create(session_key="x" * 32, session_data="e30=",
                           expire_date=long_ago)
    # A rating summary that drifted from its reviews (a bulk update sends no signal).
    ProductReview.objects.create(product=lamp, user=kim, score=4, title="Bright",
                                 body="Lights the room.", status=ProductReview.APPROVED)
    RatingSummary.objects.filter(product=lamp).update(count=99, average=1.0)
    # What the jobs must leave alone: a live session, a task still waiting.
    Session.objects.create(session_key="y" * 32, session_data="e30=",
                           expire_date=timezone.now() + timedelta(days=1))
    DBTaskResult.objects.create(
        task_path="recommendations.tasks.count_order_in", args_kwargs={"args": [1]},
        status="READY", backend_name="default", queue_name="default")
    return {"reviewable": reviewable, "unconfirmed": unconfirmed, "lamp": lamp, "bulb": bulb}


def test_each_scheduled_job_runs_and_does_its_work(due_work):
    for job in JOBS:
        call_command(job.command, *job.args)
    first_mail = len(mail.outbox)
    for job in JOBS:  # late, or twice: nothing is done again
        call_command(job.command, *job.args)
    assert len(mail.outbox) == first_mail

    assert DailyRollup.objects.exists()  # build_funnel_rollups
    mailed = sorted((message.to[0], message.subject) for message in mail.outbox)
    assert mailed == [  # send_review_requests, send_order_confirmations, send_basket_reminders,
        # mail_question_digest
        ("kim@example.com", f"How did you find your order {due_work['reviewable'].number}?"),
        ("lea@example.com", f"Confirmation of order {due_work['unconfirmed'].number}"),
        ("lea@example.com", "You left something in your basket"),
        ("max@example.com", "1 new question from shoppers")]
    assert ProductComplement.objects.filter(product=due_work["lamp"],
                                            complement=due_work["bulb"]).exists()
    # refresh_search_ranks: the products sold lately, ranked by their orders.
    ranked = SearchQuerySet().models(Product).order_by("-sold_recently")
    assert [(r.title, r.sold_recently) for r in ranked] == [
        ("Bulb", 4), ("Lamp", 3), ("Shade", 1)]
    summary = RatingSummary.objects.get(product=due_work["lamp"])  # recompute_social_proof
    assert (summary.count, summary.average) == (1, 4.0)
    # purge_funnel_events: the old raw event went once rolled up; today's stays.
    assert Event.objects.filter(type=EventType.PRODUCT_VIEW).count() == 1
    # prune_db_task_results, clearsessions: the finished and the expired only.
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["READY"]
    assert list(Session.objects.values_list("session_key", flat=True)) == ["y" * 32]


def test_the_crontab_names_every_job_with_this_deployments_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "crontab", "--log", "/tmp/jobs.log"], cwd=REPO,
        capture_output=True, text=True, check=True, timeout=120)
    lines = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    assert len(lines) == len(JOBS)
    for line, job in zip(lines, JOBS, strict=True):
        assert line.startswith(job.when + " cd " + str(REPO))
        assert f"manage.py {job.command}" in line and line.endswith(">> /tmp/jobs.log 2>&1")
        assert "DJANGO_SETTINGS_MODULE=shop.settings" in line
