"""Oscar's search facets, with each page of results loaded in one go.

Oscar's listings (the catalogue, categories, search results) render haystack
results, and each result loads its product on its own, then its card loads the
product's images, stock record and options: six queries a product, over a
hundred for a page of twenty. With ``load_all`` the page's products load
together through the index's ``read_queryset`` (Oscar's ``base_queryset``:
product class, images, stock records and options prefetched): a handful of
queries for the page, whatever its size. Everything else in the module is
Oscar's (``get_class`` falls back to it).
"""

from oscar.apps.search import facets


def base_sqs():
    return facets.base_sqs().load_all()
