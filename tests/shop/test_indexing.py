"""Search indexing after commit: a busy index never holds a shopper's request."""

import logging
import threading
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from haystack import connection_router, connections
from haystack.query import SearchQuerySet
from oscar.core.loading import get_model

from funnel.models import Event, EventType
from shop.indexing import OnCommitSignalProcessor
from tests.factories import make_product

Product = get_model("catalogue", "Product")
pytestmark = pytest.mark.django_db


@pytest.fixture
def processor():
    made = OnCommitSignalProcessor(connections, connection_router)
    yield made
    made.teardown()


def found(title):
    return [r.title for r in SearchQuerySet().models(Product).filter(content=title)]


def test_a_locked_index_is_given_up_after_the_bound_and_logged(
        processor, settings, caplog, django_capture_on_commit_callbacks):
    settings.SEARCH_INDEX_LOCK_SECONDS = 0.5
    lamp = make_product("Brass Lantern")
    backend = connections["default"].get_backend()
    backend.setup()
    other_writer = backend.index.lock("WRITELOCK")  # e.g. update_index in another process
    assert other_writer.acquire()
    # Let go after 5 s whatever happens: a writer that waits without limit then finishes
    # late (and fails below) instead of waiting for ever.
    letting_go = threading.Timer(5, lambda: other_writer.locked and other_writer.release())
    letting_go.start()
    try:
        start = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="shop.indexing"), \
                django_capture_on_commit_callbacks(execute=True):
            lamp.title = "Brass Storm Lantern"
            lamp.save()
        assert time.monotonic() - start < 3  # haystack's own writer waits without limit
    finally:
        letting_go.cancel()
        if other_writer.locked:
            other_writer.release()
    assert "Search index busy" in caplog.text
    assert found("Storm") == []  # left for update_index

    with django_capture_on_commit_callbacks(execute=True):
        lamp.save()
    assert found("Storm") == ["Brass Storm Lantern"]


def test_only_indexed_models_are_listened_to(processor, django_capture_on_commit_callbacks):
    """A delete receiver on every model (haystack's way) makes each bulk delete fetch
    its rows and signal them one by one: the funnel's purge of millions of events."""
    now = timezone.now()
    Event.objects.bulk_create([Event(type=EventType.PRODUCT_VIEW, occurred_at=now)
                               for _ in range(300)])
    with CaptureQueriesContext(connection) as queries:
        Event.objects.all().delete()
    touching = [q["sql"] for q in queries if "funnel_event" in q["sql"]]
    assert len(touching) == 1 and touching[0].startswith("DELETE")
    # Products are still indexed and removed.
    with django_capture_on_commit_callbacks(execute=True):
        lamp = make_product("Copper Kettle")
    assert found("Kettle") == ["Copper Kettle"]
    lamp.delete()
    assert found("Kettle") == []
