"""Requests that change something run in one transaction; requests that only read do not.

Django's ``ATOMIC_REQUESTS`` wraps every view, reads included, in a
transaction. On SQLite this shop starts transactions with ``BEGIN IMMEDIATE``
(the write lock, so a transaction never fails half-way on a lock upgrade), so
under ``ATOMIC_REQUESTS`` every product page would queue behind every other
request for the one write lock. This middleware gives unsafe methods (POST,
PUT, PATCH, DELETE) exactly what ``ATOMIC_REQUESTS`` gives them, and lets GET,
HEAD and OPTIONS run in autocommit: a read takes no lock at all, and the few
writes a read makes (Oscar's product-view counter, one funnel insert) are
single statements, atomic by themselves.
"""

from django.db import DEFAULT_DB_ALIAS, transaction

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class AtomicWritesMiddleware:
    """Run a view for an unsafe method in ``transaction.atomic()``.

    Keep it last in ``MIDDLEWARE``: it calls the view itself from
    ``process_view``, so middleware listed after it would not see the view.
    A view marked with ``django.db.transaction.non_atomic_requests`` is left
    alone, as under ``ATOMIC_REQUESTS``; the response is rendered after the
    commit, as there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS:
            return None
        if DEFAULT_DB_ALIAS in getattr(view_func, "_non_atomic_requests", set()):
            return None
        with transaction.atomic():
            return view_func(request, *view_args, **view_kwargs)
