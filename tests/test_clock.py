"""The suite's clock: ``TEST_CLOCK`` puts every test at one time of day in London."""

import os
import time
from datetime import datetime, timedelta

from django.utils import timezone

from tests.conftest import LONDON


def test_every_test_starts_at_the_time_of_day_asked_for(clock):
    now = timezone.localtime()
    if os.environ.get("TEST_CLOCK"):
        assert now.tzinfo.key == LONDON.key
        assert clock <= now < clock + timedelta(seconds=30)
        assert now.strftime("%H:%M") == os.environ["TEST_CLOCK"]
        assert timezone.localdate() == clock.date()
    else:
        assert clock is None
        assert abs(datetime.now(LONDON).timestamp() - time.time()) < 1
