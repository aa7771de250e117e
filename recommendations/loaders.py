"""Thin ORM layer: orders in as arrays, mined pairs out as rows."""

import itertools

import numpy as np
from django.db.models import Max, Q
from oscar.core.loading import get_model

from sales.queries import bought_lines


def load_order_baskets(since=None):
    """``(order ids, product ids)`` as two int64 arrays, one entry per bought line."""
    rows = bought_lines(since).values_list("order_id", "product_id").order_by()
    flat = np.fromiter(
        itertools.chain.from_iterable(rows.iterator(chunk_size=50_000)), dtype=np.int64
    )
    pairs = flat.reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def newest_order_id():
    return get_model("order", "Order").objects.aggregate(newest=Max("pk"))["newest"]


def orders_from(order_id, placed_from, since=None):
    """Ids (an int64 array) of the orders holding bought lines (placed on or after
    ``since``) that are newer than ``order_id`` or placed from ``placed_from`` on."""
    rows = bought_lines(since).filter(Q(order_id__gt=order_id or 0)
                                      | Q(order__date_placed__gte=placed_from))
    return np.array(sorted(set(rows.values_list("order_id", flat=True).order_by())),
                    dtype=np.int64)


def order_products(order_id):
    """Distinct product ids an order holds (bought lines only), sorted."""
    return sorted(set(bought_lines().filter(order_id=order_id)
                      .values_list("product_id", flat=True)))
