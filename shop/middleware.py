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

from django.conf import settings
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


class TrustedProxyMiddleware:
    """Put the client's own address in ``REMOTE_ADDR`` behind reverse proxies.

    Behind a proxy ``REMOTE_ADDR`` is the proxy, so every rate limit keyed on it
    (review posts, newsletter sign-ups, reports) would put all shoppers in one
    bucket. Each proxy appends the address it saw to ``X-Forwarded-For``; with
    ``TRUSTED_PROXY_HOPS`` proxies of our own in front, the client is the address
    the outermost one appended, that many entries from the right. Whatever a
    client writes into the header itself stays to the left and is ignored. With
    0 hops (the default: no proxy) nothing changes.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.hops = int(getattr(settings, "TRUSTED_PROXY_HOPS", 0))

    def __call__(self, request):
        if self.hops:
            forwarded = [part.strip() for part in
                         request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
            forwarded = [part for part in forwarded if part]
            if len(forwarded) >= self.hops:
                request.META["REMOTE_ADDR"] = forwarded[-self.hops]
            # Fewer entries than proxies: a request that bypassed one of them,
            # so its REMOTE_ADDR (the peer that reached us) is the honest key.
        return self.get_response(request)
