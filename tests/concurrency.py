"""Races run for real: threads with their own database connections, started together."""

import threading

from django.db import connection
from django.db.models.signals import post_save, pre_save


def run_together(count, work):
    """Run ``work(i)`` in ``count`` threads released at the same moment; return
    their results, and raise the first error any of them met."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as error:  # re-raised below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a racing thread never ended"
    if errors:
        raise errors[0]
    return results


def posts_can_overlap():
    """False where each post takes the database's write lock as it begins (SQLite in
    ``IMMEDIATE`` mode, as the shop runs it): there posts run one after the other."""
    return not (connection.vendor == "sqlite" and connection.settings_dict.get(
        "OPTIONS", {}).get("transaction_mode") == "IMMEDIATE")


class SaveRace:
    """Two posts of one thing, the second reading ``table`` while the first is saving.

    The first post to save a ``model`` waits at ``pre_save``, inside its transaction,
    until the second has read ``table`` (``execute_wrapper`` on the second's own
    connection); the second then waits until the first has written its row, not yet
    committed. So the second's checks find nothing, its own write comes second, and
    only the database's constraints can stop a duplicate. Where posts cannot overlap
    the first saves at once and the second, started after, finds its row.

        with SaveRace(Vote, "reviews_vote") as race:
            run_together(2, lambda i: race.post(i, send_the_post))
    """

    def __init__(self, model, table):
        self.model, self.table = model, table
        self.overlap = posts_can_overlap()
        self.saving, self.read, self.saved = (threading.Event() for _ in range(3))

    def __enter__(self):
        pre_save.connect(self._hold, sender=self.model)
        post_save.connect(self._written, sender=self.model)
        return self

    def __exit__(self, *exc):
        pre_save.disconnect(self._hold, sender=self.model)
        post_save.disconnect(self._written, sender=self.model)

    def post(self, index, send):
        """``send()`` as the first post (index 0) or the second (index 1)."""
        if index == 0:
            return send()
        self.saving.wait(timeout=10)
        with connection.execute_wrapper(self._note):
            return send()

    def _hold(self, sender, **kwargs):
        if not self.saving.is_set():
            self.saving.set()
            if self.overlap:
                self.read.wait(timeout=10)

    def _written(self, sender, **kwargs):
        self.saved.set()

    def _note(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith("SELECT") and self.table in sql and not self.read.is_set():
            self.read.set()
            self.saved.wait(timeout=10)
        return result
