"""simulate_traffic drives real requests: events, orders and a living funnel."""

import pytest
from django.core.management import call_command
from oscar.core.loading import get_model

from funnel import rollups
from funnel.loaders import rollup_rows
from funnel.models import Event, EventType
from funnel.report import funnel
from tests.conftest import BUNDLED_EXTRACT

Order = get_model("order", "Order")
pytestmark = pytest.mark.django_db


def test_simulated_visits_fill_the_funnel_reproducibly(capsys):
    call_command("import_online_retail", str(BUNDLED_EXTRACT), "--since", "2011-03-28",
                 "--until", "2011-03-31", "--shift-to-today")
    imported = Order.objects.count()
    call_command("simulate_traffic", "--orders", "3", "--visits", "12", "--seed", "5")
    assert "Simulated 3 buying visits (3 orders placed) and 12 others." in (
        capsys.readouterr().out)
    assert Order.objects.count() == imported + 3
    assert Event.objects.filter(type=EventType.ORDER_PLACED).count() == 3
    assert not Event.objects.filter(visitor_id__isnull=True).exists()
    rollups.build()
    from django.utils import timezone

    today = timezone.localdate()
    steps = {s["step"]: s["sessions"] for s in funnel(rollup_rows(
        today - timezone.timedelta(days=30), today))}
    assert steps[EventType.PRODUCT_VIEW] >= steps[EventType.BASKET_ADD] >= 3
    assert steps[EventType.ORDER_PLACED] == 3
    channels = set(Event.objects.values_list("channel", flat=True))
    assert len(channels) >= 2
