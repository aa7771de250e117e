"""simulate_traffic drives real requests and keeps to the rates it documents."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from oscar.core.loading import get_model

from funnel import loaders, report, rollups
from funnel.models import Event, EventType
from shop.demo.traffic import expected_rates, measured_rates, tolerance
from shop.mail.models import Delivery
from tests.conftest import BUNDLED_EXTRACT

Order = get_model("order", "Order")
pytestmark = pytest.mark.django_db


def test_simulated_shoppers_keep_to_the_documented_rates(capsys, settings):
    settings.RECOMMENDATIONS_HOLDOUT_SHARE = 0.3  # the shop's default is a tenth
    call_command("import_online_retail", str(BUNDLED_EXTRACT), "--since", "2011-03-01",
                 "--until", "2011-03-31", "--shift-to-today")
    imported = Order.objects.count()
    call_command("simulate_traffic", "--visits", "300", "--customers", "12", "--seed", "5")
    out = capsys.readouterr().out
    placed = Order.objects.count() - imported
    sent = Delivery.objects.filter(kind="basket_reminder", status=Delivery.SENT).count()
    assert f"{placed} orders placed, {sent} basket reminders sent" in out
    assert placed == Event.objects.filter(type=EventType.ORDER_PLACED).count() > 0
    # Every visit's event has its visitor; only mail sent is nobody's visit.
    assert not Event.objects.filter(visitor_id__isnull=True).exclude(
        type=EventType.EMAIL_SENT).exists()

    # Both arms of the suggestions' A/B holdout are met, and suggestions are taken.
    arms = set(Event.objects.filter(type=EventType.RECOMMENDATION_SHOWN,
                                    data__has_key="arm").values_list("data__arm", flat=True))
    assert arms == {"suggestions", "control"}
    assert Event.objects.filter(type=EventType.RECOMMENDATION_CLICKED,
                                data__has_key="arm").exists()
    assert Event.objects.filter(type=EventType.RECOMMENDATION_OPENED,
                                data__source="bought_together").exists()

    today = timezone.localdate()
    earliest = timezone.localtime(Event.objects.earliest("occurred_at").occurred_at)
    assert earliest.date() >= today - timedelta(days=30)  # spread over the 30 days ...
    assert Event.objects.filter(occurred_at__lt=timezone.now() - timedelta(days=20)).exists()

    rollups.build()
    rows = loaders.rollup_rows(today - timedelta(days=30), today)
    measured = measured_rates(report.funnel(rows), report.traffic(rows))
    for name, rate in expected_rates().items():
        value, sample = measured[name]
        assert abs(value - rate) <= tolerance(rate, sample), (name, value, rate, sample)

    # Abandoned baskets of signed-in customers got their reminder, dated after the
    # basket was left; the funnel counts them (and any order they brought back).
    assert sent > 0
    figures = loaders.reminders(today - timedelta(days=30), today)
    assert figures["sent"] == sent
    recovered = Order.objects.filter(basket_id__in=Delivery.objects.filter(
        kind="basket_reminder", status=Delivery.SENT).values("mail_id")).count()
    assert figures["recovered"] == recovered
