"""Races run for real: threads with their own database connections, started together."""

import threading

from django.db import connection


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
    if errors:
        raise errors[0]
    return results
