"""Suggestions kept in Django's cache until what they are made of changes.

A suggestion block is the answer of ``selectors.ranked_candidates`` plus the
best-seller fallback, with the products and their stock records: costly to
work out, and unchanged until a mining run or an order counted in, an
operator's pin or block, an entry in Oscar's own recommendations, a product
saved (its title, its visibility), or a stock record saved or deleted (a new
price, a delivery; Oscar's stock allocation at checkout and its release send
``post_save`` too). Every entry is stored under the current *generation*, and
each of those writes moves the generation on (``forget_all``: at once, and
again after the commit so a page rendered meanwhile cannot keep the past), so
the next view works the suggestions out afresh. Prices are worked out on every
view by the request's strategy, from the cached stock records. Entries expire
after ``CACHE_SECONDS`` at most: the bound for writes that send no signal
(``QuerySet.update()``, such as the dashboard's bulk price and visibility
actions), and what lets the best-seller fallback follow the sales.
"""

import hashlib
import time

from django.core.cache import cache
from django.db import transaction

from . import conf

GENERATION_KEY = "recommendations:generation"
# Answers kept in this process too (see ``get_or_compute``): how many, how long.
LOCAL_ENTRIES, LOCAL_SECONDS = 1000, 60
_local = {}
_local_generation = None


def generation():
    """The current generation: any value not used before once the old one is lost."""
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        current = cache.get(GENERATION_KEY)
    return current


def forget_all():
    """Every cached suggestion is stale: the next view of each works it out afresh."""
    def move_on():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # never set, or evicted: any fresh value will do
            cache.set(GENERATION_KEY, time.time_ns(), None)

    move_on()
    transaction.on_commit(move_on)


def key(kind, product_ids, limit):
    """The cache key, under the current generation, of suggesting ``limit`` products
    of ``kind`` ("product", "basket") with ``product_ids``; it also names that state."""
    ids = ",".join(str(pk) for pk in sorted(product_ids))
    if len(ids) > 100:  # a long basket: a fixed-length key (memcached allows 250)
        ids = hashlib.sha256(ids.encode()).hexdigest()
    global _local_generation
    current = generation()
    if current != _local_generation:  # every local copy is stale: let them go
        _local.clear()
        _local_generation = current
    # "v3": entries hold (computed at, [(product, source, score, anchor)]); v2's
    # candidates had no anchor, and v1's entries were bare lists.
    return f"recommendations:v3:{kind}:{current}:{limit}:{ids}"


def get_or_compute(entry_key, compute):
    """``compute()``'s answer, from the cache when this generation already worked it out.

    The answer is also kept in this process, so a page does not unpickle the
    same products on every view: safe because the key names its generation
    (moving the generation on retires the local copies, see ``key``), and never
    past the shared entry's own ``CACHE_SECONDS``. Requests share these objects:
    whoever is handed a suggestion's product (a template, a ``suggestions_shown``
    listener) reads it and never changes it.
    """
    local = _local.get(entry_key)
    if local is not None and local[0] > time.time():
        return local[1]
    entry = cache.get(entry_key)
    if entry is None:
        entry = (time.time(), compute())
        cache.set(entry_key, entry, conf.get("CACHE_SECONDS"))
    computed_at, found = entry
    if len(_local) >= LOCAL_ENTRIES:
        _local.clear()
    _local[entry_key] = (min(computed_at + conf.get("CACHE_SECONDS"),
                             time.time() + LOCAL_SECONDS), found)
    return found
