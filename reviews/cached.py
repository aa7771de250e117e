"""Social proof as pages show it: ``services``' figures kept in Django's cache.

Two kinds of figure, two freshness rules:

- A product's reviews, rating summary and answered questions change only when
  somebody writes: they are kept until then. ``forget_proof`` drops a product's
  entry when one of its reviews (votes and moderation included), questions or
  answers is saved or deleted (``receivers``), at once and again after the
  commit, so the next view shows the change. ``PROOF_CACHE_SECONDS`` is only a
  safety net for writes that bypass the ORM's signals.
- Purchase counts move with every order and with the clock (orders leave the
  window): each product's count is kept ``PURCHASE_COUNT_CACHE_SECONDS`` (15
  minutes by default, an hour at most: check ``reviews.E012``) and forgotten
  when an order for it is placed or cancelled.

Products without purchases are cached too (as 0), so a listing of twenty
products costs one cache round trip and no query once warm.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

from . import conf, services

PROOF_KEY = "reviews:proof:{pk}:{top}"
BOUGHT_KEY = "reviews:bought:{days}:{pk}"
TOP_REVIEWS = 5


def purchase_counts(product_ids):
    """{product id: distinct orders in the last ``PURCHASE_COUNT_DAYS`` days}, as
    ``services.purchase_counts`` (products without any are left out), at most
    ``PURCHASE_COUNT_CACHE_SECONDS`` old."""
    days = conf.get("PURCHASE_COUNT_DAYS")
    keys = {BOUGHT_KEY.format(days=days, pk=pk): pk for pk in set(product_ids)}
    counts = {keys[key]: n for key, n in cache.get_many(keys).items()}
    missing = [pk for pk in keys.values() if pk not in counts]
    if missing:
        fresh = services.purchase_counts(missing, days)
        found = {pk: fresh.get(pk, 0) for pk in missing}
        cache.set_many({BOUGHT_KEY.format(days=days, pk=pk): n for pk, n in found.items()},
                       conf.get("PURCHASE_COUNT_CACHE_SECONDS"))
        counts.update(found)
    return {pk: n for pk, n in counts.items() if n}


def social_proof(product_ids):
    """{product id: ``services.Proof``}: one query (the summaries) once counts are warm."""
    ids = set(product_ids)
    found, purchases = services.summaries(ids), purchase_counts(ids)
    return {pk: services.Proof(found.get(pk), purchases.get(pk, 0)) for pk in ids}


def product_proof(product, top_reviews=TOP_REVIEWS):
    """``services.product_proof`` from the cache: no query once warm.

    Its ``version`` is new whenever the figures are worked out afresh: markup
    rendered from them is cached under it (key-based expiry, see the product
    page's ``{% cache %}``), so forgetting the figures retires that markup too.
    """
    purchases = purchase_counts([product.pk]).get(product.pk, 0)
    key = PROOF_KEY.format(pk=product.pk, top=top_reviews)
    entry = cache.get(key)
    if entry is None:
        result = services.product_proof(product, top_reviews, purchases=purchases)
        result.version = uuid.uuid4().hex
        cache.set(key, (result.summary, result.reviews, result.questions, result.version),
                  conf.get("PROOF_CACHE_SECONDS"))
        return result
    result = services.Proof(entry[0], purchases)
    result.reviews, result.questions, result.version = entry[1:]
    return result


def forget_proof(product_id):
    """The next view of ``product_id`` reads its reviews and questions afresh.

    Forgotten now and again once the transaction commits: a page rendered
    meanwhile from the uncommitted past would otherwise cache it again.
    """
    def forget():
        cache.delete_many([PROOF_KEY.format(pk=product_id, top=TOP_REVIEWS)])

    forget()
    transaction.on_commit(forget)


def forget_purchases(product_ids):
    """The next view counts the purchases of ``product_ids`` afresh (now and after commit)."""
    days = conf.get("PURCHASE_COUNT_DAYS")
    keys = [BOUGHT_KEY.format(days=days, pk=pk) for pk in set(product_ids) if pk]

    def forget():
        cache.delete_many(keys)

    if keys:
        forget()
        transaction.on_commit(forget)
