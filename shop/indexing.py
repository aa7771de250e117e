"""Keep the search index in step with products, without ever breaking a request.

Haystack's realtime processor writes to the index inside the request, in the
middle of the transaction, once per save, and a failing index fails the save.
This one indexes after commit, once per product however often it was saved
(a review saves its product, a vote its review and product), and logs what
fails: ``manage.py update_index`` repairs the index.
"""

import logging
import threading

from django.db import transaction
from haystack.signals import RealtimeSignalProcessor

logger = logging.getLogger(__name__)


class OnCommitSignalProcessor(RealtimeSignalProcessor):
    _pending = threading.local()

    def handle_save(self, sender, instance, **kwargs):
        pending = self._pending.__dict__.setdefault("items", {})
        pending[(sender, instance.pk)] = instance
        transaction.on_commit(self._flush)

    def _flush(self):
        items, self._pending.items = self._pending.__dict__.get("items", {}), {}
        for (sender, _pk), instance in items.items():
            try:
                super().handle_save(sender, instance)
            except Exception:
                logger.exception("Search index update failed for %r", instance)

    def handle_delete(self, sender, instance, **kwargs):
        # At once: after commit the instance has lost its primary key.
        self._pending.__dict__.get("items", {}).pop((sender, instance.pk), None)
        try:
            super().handle_delete(sender, instance, **kwargs)
        except Exception:
            logger.exception("Search index removal failed for %r", instance)
