"""Thin ORM layer: orders in as arrays, mined pairs out as rows."""

import itertools
from datetime import datetime, time

import numpy as np
from django.utils import timezone
from oscar.core.loading import get_model

from . import conf

Line = get_model("order", "Line")


def bought_lines(since=None):
    """Order lines that count as bought: a product, neither line nor order cancelled."""
    cancelled = conf.get("CANCELLED_STATUSES")
    lines = (
        Line.objects.filter(product__isnull=False)
        .exclude(status__in=cancelled)
        .exclude(order__status__in=cancelled)
    )
    if since is not None:
        start = timezone.make_aware(datetime.combine(since, time.min))
        lines = lines.filter(order__date_placed__gte=start)
    return lines


def load_order_baskets(since=None):
    """``(order ids, product ids)`` as two int64 arrays, one entry per bought line."""
    rows = bought_lines(since).values_list("order_id", "product_id").order_by()
    flat = np.fromiter(
        itertools.chain.from_iterable(rows.iterator(chunk_size=50_000)), dtype=np.int64
    )
    pairs = flat.reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def order_products(order_id):
    """Distinct product ids an order holds (bought lines only), sorted."""
    return sorted(set(bought_lines().filter(order_id=order_id)
                      .values_list("product_id", flat=True)))
