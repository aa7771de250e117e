"""Background work, through Django's task interface (django-tasks).

The default backend runs a task at once, in the same process; a shop that
runs a worker points ``TASKS`` at a queueing backend and nothing else changes.
"""

import logging

from django_tasks import task

from . import services

logger = logging.getLogger(__name__)


@task()
def count_order_in(order_id):
    """Add a placed order's products to the co-purchase counts."""
    try:
        return services.record_order(order_id)
    except Exception:
        logger.exception("Could not count order %s into the recommendations", order_id)
        return None
