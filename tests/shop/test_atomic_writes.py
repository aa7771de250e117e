"""Requests that change something run in one transaction; reads take no lock."""

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from shop.middleware import AtomicWritesMiddleware
from tests.factories import make_product

Partner = get_model("partner", "Partner")
# Committed for real: the point is what happens outside a test's own transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def run(method, view):
    request = getattr(RequestFactory(), method)("/")
    middleware = AtomicWritesMiddleware(lambda request: None)
    response = middleware.process_view(request, view, (), {})
    return response if response is not None else view(request)


def writes_then_fails(request):
    Partner.objects.create(name="Half-written")
    raise RuntimeError("the view broke after writing")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_that_fails_leaves_nothing(method):
    with pytest.raises(RuntimeError):
        run(method, writes_then_fails)
    assert not Partner.objects.exists()


@pytest.mark.parametrize("method, atomic", [("get", False), ("head", False),
                                            ("options", False), ("post", True)])
def test_only_unsafe_methods_run_in_a_transaction(method, atomic):
    seen = []

    def view(request):
        seen.append(connection.in_atomic_block)
        return HttpResponse()

    run(method, view)
    assert seen == [atomic]


def test_a_view_marked_non_atomic_is_left_alone():
    seen = []

    @transaction.non_atomic_requests
    def view(request):
        seen.append(connection.in_atomic_block)
        return HttpResponse()

    run("post", view)
    assert seen == [False]


def test_a_product_page_reads_without_a_lock_and_writes_one_funnel_statement():
    url = make_product("Lantern").get_absolute_url()
    Client().get(url)
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url).status_code == 200
    sql = [q["sql"] for q in queries]
    writes = [s for s in sql if s.split()[0] in ("INSERT", "UPDATE", "DELETE")]
    # Oscar's own view counter (as in stock Oscar) and one insert of the request's events.
    assert [w.split('"')[1] for w in writes] == ["analytics_productrecord", "funnel_event"]
    # No transaction at all: each write is a single statement, atomic by itself, and the
    # events' is the last statement of the request (written after the page was rendered).
    assert not [s for s in sql if s.startswith(("BEGIN", "SAVEPOINT"))]
    assert '"funnel_event"' in sql[-1]
