"""The suite's clock: ``TEST_CLOCK`` puts every test at one time of day in London,
and the shop's days are London's, whatever the clock says."""

import os
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from funnel import rollups
from funnel.models import DailyRollup, Event, EventType
from tests.conftest import LONDON


def test_every_test_starts_at_the_time_of_day_asked_for(clock):
    if not os.environ.get("TEST_CLOCK"):
        assert clock is None
        return
    now = timezone.localtime()
    assert now.tzinfo.key == LONDON.key
    assert clock <= now < clock + timedelta(seconds=30)
    assert now.strftime("%H:%M") == os.environ["TEST_CLOCK"]
    assert timezone.localdate() == clock.date()


@pytest.mark.django_db
def test_two_minutes_either_side_of_midnight_are_two_london_days():
    """At 23:59 on a summer night London is an hour ahead of UTC: an event now and one
    two minutes later are one UTC day but two days of the shop's funnel."""
    with time_machine.travel(datetime(2026, 7, 15, 23, 59, tzinfo=LONDON),
                             tick=False) as traveller:
        for _ in range(2):
            Event.objects.create(type=EventType.PRODUCT_VIEW, occurred_at=timezone.now(),
                                 channel="direct")
            rollups.build()
            traveller.shift(timedelta(minutes=2))
    assert {e.occurred_at.astimezone(UTC).date()
            for e in Event.objects.all()} == {date(2026, 7, 15)}  # one UTC day
    assert sorted(DailyRollup.objects.filter(
        type=EventType.PRODUCT_VIEW, product_id=0, page_id=0).values_list("date", "events")) == [
        (date(2026, 7, 15), 1), (date(2026, 7, 16), 1)]
