"""Oscar's product index, with what a shopper sorts and filters by.

- ``rating``: the product's average review rounded to whole stars, as its card
  shows it (the facet), from the reviews' rating summary rather than Oscar's
  unused ``Product.rating``.
- ``bayesian_rating``: "Customer rating" sorts by it, so many good reviews beat
  one perfect one; unrated products index 0 and come last.
- ``sold_recently``: distinct orders in the reviews' ``PURCHASE_COUNT_DAYS``,
  the figure the cards show; "Best selling" sorts by it. The count moves with
  the clock, so ``refresh_search_ranks`` (hourly) reindexes the products it
  may have changed for.
"""

from haystack import indexes
from oscar.apps.search import search_indexes

from reviews import conf as reviews_conf
from sales.queries import purchase_counts


class ProductIndex(search_indexes.ProductIndex):
    rating = indexes.IntegerField(null=True, faceted=True)
    bayesian_rating = indexes.FloatField(default=0)
    sold_recently = indexes.IntegerField(default=0)

    def index_queryset(self, using=None):
        return super().index_queryset(using).select_related("rating_summary")

    def read_queryset(self, using=None):
        # The cards' department illustrations, loaded with the page (their stars and
        # counts come from listing_proof, in one query for the page).
        return super().read_queryset(using).prefetch_related("categories")

    @staticmethod
    def _summary(obj):
        summary = getattr(obj, "rating_summary", None)
        return summary if summary is not None and summary.count else None

    def prepare_rating(self, obj):
        summary = self._summary(obj)
        return round(summary.average) if summary and summary.average else None

    def prepare_bayesian_rating(self, obj):
        summary = self._summary(obj)
        return summary.bayesian if summary and summary.bayesian else 0.0

    def prepare_sold_recently(self, obj):
        days = reviews_conf.get("PURCHASE_COUNT_DAYS")
        return purchase_counts([obj.pk], days).get(obj.pk, 0)
