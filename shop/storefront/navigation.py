"""The category menu in every page's header, rendered once per state of the categories.

Oscar's ``nav_primary.html`` walks the category tree on every page (two queries
and a URL per top-level category). Its markup is cached under a version that
moves whenever a category is saved or deleted (``receivers``), so a new,
renamed, hidden or removed category shows on the next page; ``CACHE_SECONDS``
bounds writes that bypass the ORM's signals.
"""

import time

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "storefront:categories"
CACHE_SECONDS = 600


def version():
    """The categories' current version: any value not used before once it is lost."""
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        current = cache.get(VERSION_KEY)
    return current


def forget():
    """The next page renders the menu afresh (now, and after the commit)."""
    def move_on():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, time.time_ns(), None)

    move_on()
    transaction.on_commit(move_on)
