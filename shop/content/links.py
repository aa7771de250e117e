"""The "Read: …" links of a product page, kept in Django's cache.

Working them out costs a query and Wagtail's site lookup; they change only when
a guide is published, unpublished, moved, renamed, restricted or deleted, and
each of those forgets the entries of the products involved (``receivers``), so
the next view shows the change. Entries are per product, holding one list per
host the shop answers on (a page's URL depends on the site asking).
"""

from django.core.cache import cache
from django.db import transaction

from .models import GuideProduct

KEY = "content:guide-links:{pk}"
LIMIT = 3
# Safety net for changes that bypass signals (a raw SQL update): a day.
TIMEOUT = 24 * 60 * 60


def guide_links(request, product_id):
    key = KEY.format(pk=product_id)
    host = request.get_host() if request is not None else ""
    by_host = cache.get(key) or {}
    if host not in by_host:
        by_host[host] = [
            {"title": row.page.title, "url": row.page.get_url(request)}
            for row in GuideProduct.objects.filter(
                product_id=product_id, page__live=True, page__view_restrictions__isnull=True)
            .select_related("page").order_by("-page__first_published_at")[:LIMIT]]
        cache.set(key, by_host, TIMEOUT)
    return by_host[host]


def forget(product_ids):
    """The next view of each of ``product_ids`` reads its guide links afresh
    (now, and again after the commit)."""
    keys = [KEY.format(pk=pk) for pk in set(product_ids)]

    def drop():
        cache.delete_many(keys)

    if keys:
        drop()
        transaction.on_commit(drop)


def forget_page(page):
    """Forget the links of every product ``page`` (or a guide below it) features."""
    forget(GuideProduct.objects.filter(page__path__startswith=page.path)
           .values_list("product_id", flat=True))
