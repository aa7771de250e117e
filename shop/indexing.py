"""Keep the search index in step with products, without ever breaking a request.

Haystack's realtime processor writes to the index inside the request, in the
middle of the transaction, once per save, and a failing index fails the save.
This one indexes after commit, once per product however often it was saved
(a review saves its product, a vote its review and product), and logs what
fails: ``manage.py update_index`` repairs the index.

Whoosh lets one writer at a time hold its index, and haystack's writer waits for
it without limit: a rebuild running elsewhere would hold a shopper's review for
as long as it takes. Here the wait is bounded by ``SEARCH_INDEX_LOCK_SECONDS``
(2 s by default); past it the update is skipped and logged, for ``update_index``.
"""

import logging
import threading

from django.conf import settings
from django.db import models, transaction
from haystack.backends.whoosh_backend import WhooshSearchBackend
from haystack.signals import RealtimeSignalProcessor
from whoosh.util.filelock import try_for

logger = logging.getLogger(__name__)


class OnCommitSignalProcessor(RealtimeSignalProcessor):
    _pending = threading.local()

    def setup(self):
        """Listen to the indexed models only: haystack's receivers listen to every
        model, and a delete receiver on every model turns each bulk delete (the
        funnel's purge, expired baskets) into a fetch and a signal per row."""
        for model in self._indexed_models():
            models.signals.post_save.connect(self.handle_save, sender=model)
            models.signals.post_delete.connect(self.handle_delete, sender=model)

    def teardown(self):
        for model in self._indexed_models():
            models.signals.post_save.disconnect(self.handle_save, sender=model)
            models.signals.post_delete.disconnect(self.handle_delete, sender=model)

    def _indexed_models(self):
        return {model for using in self.connections.connections_info
                for model in self.connections[using].get_unified_index().get_indexed_models()}

    def handle_save(self, sender, instance, **kwargs):
        pending = self._pending.__dict__.setdefault("items", {})
        pending[(sender, instance.pk)] = instance
        transaction.on_commit(self._flush)

    def _flush(self):
        items, self._pending.items = self._pending.__dict__.get("items", {}), {}
        if items and not self._index_is_free():
            logger.warning("Search index busy (another writer holds it): %d object(s) left "
                           "for `manage.py update_index`", len(items))
            return
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

    def _index_is_free(self):
        """Whether every Whoosh index to write to could be locked within the bound.

        The lock is let go again at once for haystack's own writer: another writer
        slipping in between would make that one wait, a window of microseconds.
        """
        seconds = getattr(settings, "SEARCH_INDEX_LOCK_SECONDS", 2)
        for using in self.connection_router.for_write():
            backend = self.connections[using].get_backend()
            if not isinstance(backend, WhooshSearchBackend):
                continue
            if not backend.setup_complete:
                backend.setup()
            lock = backend.index.lock("WRITELOCK")
            if not try_for(lock.acquire, timeout=seconds, delay=0.05):
                return False
            lock.release()
        return True
