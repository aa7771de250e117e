"""Keep the search index in step with products, without ever breaking a request.

Haystack's realtime processor writes to the index inside the request, in the
middle of the transaction, and a failing index would fail the save. This one
indexes after commit and logs what fails (``manage.py update_index`` repairs).
"""

import logging

from django.db import transaction
from haystack.signals import RealtimeSignalProcessor

logger = logging.getLogger(__name__)


class OnCommitSignalProcessor(RealtimeSignalProcessor):
    def handle_save(self, sender, instance, **kwargs):
        self._after_commit(super().handle_save, sender, instance, **kwargs)

    def handle_delete(self, sender, instance, **kwargs):
        # At once: after commit the instance has lost its primary key.
        try:
            super().handle_delete(sender, instance, **kwargs)
        except Exception:
            logger.exception("Search index removal failed for %r", instance)

    def _after_commit(self, handler, sender, instance, **kwargs):
        def run():
            try:
                handler(sender, instance, **kwargs)
            except Exception:
                logger.exception("Search index update failed for %r", instance)

        transaction.on_commit(run)
