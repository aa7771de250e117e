"""Reindex the products whose "Best selling" rank the clock may have moved.

A product's recent sales (``sold_recently`` in the index) change when it is
ordered and when its orders leave the window. Both leave a counted order line
in the window plus one day, so those products are the ones to reindex; any
other product's figure is the same as when it was indexed.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone
from haystack import connections
from oscar.core.loading import get_model

from reviews import conf as reviews_conf
from sales.queries import bought_lines


class Command(BaseCommand):
    help = "Reindex the products sold in the last PURCHASE_COUNT_DAYS + 1 days (hourly)."

    def handle(self, *args, **options):
        Product = get_model("catalogue", "Product")
        since = timezone.now() - timedelta(days=reviews_conf.get("PURCHASE_COUNT_DAYS") + 1)
        ids = bought_lines(since).values("product_id")
        backend = connections["default"].get_backend()
        index = connections["default"].get_unified_index().get_index(Product)
        products = index.index_queryset().filter(pk__in=ids)
        backend.update(index, products)
        self.stdout.write(f"Reindexed {products.count()} products sold since "
                          f"{since:%Y-%m-%d %H:%M}.")
