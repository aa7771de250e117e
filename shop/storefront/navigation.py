"""The category menu in every page's header, rendered once per state of the categories.

Oscar's ``nav_primary.html`` walks the category tree on every page (two queries
and a URL per top-level category). Its markup is cached under a version that
changes whenever a category is saved or deleted (``receivers``; the dashboard's
form and treebeard's moves save), so a new, renamed, moved, hidden or removed
category shows on the next page. ``STOREFRONT_MENU_CACHE_SECONDS`` (10 minutes)
bounds writes that send no signal, such as the dashboard's bulk "make public".
"""

import time

from django.core.cache import cache
from django.db import transaction

from . import conf

VERSION_KEY = "storefront:categories"


def cache_seconds():
    return conf.get("STOREFRONT_MENU_CACHE_SECONDS")


def version():
    """The categories' current version (a new one once the old is lost)."""
    return cache.get_or_set(VERSION_KEY, time.time_ns, None)


def forget():
    """The next page renders the menu afresh (now, and after the commit)."""
    def move_on():
        cache.set(VERSION_KEY, time.time_ns(), None)

    move_on()
    transaction.on_commit(move_on)
