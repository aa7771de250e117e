"""Keep the search index in step with products the importer bulk-inserts.

``bulk_create`` sends no ``post_save``, so haystack's signal processor never
sees imported products. The index is updated after the import has committed;
a failure there is logged (``manage.py update_index`` repairs it) and never
undoes the import.
"""

import logging

from haystack import connections
from haystack.exceptions import NotHandled
from oscar.core.loading import get_model

logger = logging.getLogger(__name__)

Product = get_model("catalogue", "Product")


def index_products(product_ids, batch_size=1000):
    """Add or refresh the given products in every haystack connection."""
    ids = sorted(product_ids)
    if not ids:
        return 0
    try:
        for alias in connections.connections_info:
            try:
                index = connections[alias].get_unified_index().get_index(Product)
            except NotHandled:
                continue
            backend = connections[alias].get_backend()
            for start in range(0, len(ids), batch_size):
                chunk = (
                    index.index_queryset(using=alias)
                    .filter(pk__in=ids[start:start + batch_size])
                    .select_related("product_class", "parent")
                    .prefetch_related("stockrecords", "categories")
                )
                backend.update(index, chunk)
    except Exception:
        logger.exception("Search index update failed; run manage.py update_index")
        return 0
    return len(ids)
