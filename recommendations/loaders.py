"""Thin ORM layer: orders in as arrays, mined pairs out as rows."""

import itertools

import numpy as np

from sales.queries import bought_lines


def load_order_baskets(since=None):
    """``(order ids, product ids)`` as two int64 arrays, one entry per bought line."""
    rows = bought_lines(since).values_list("order_id", "product_id").order_by()
    flat = np.fromiter(
        itertools.chain.from_iterable(rows.iterator(chunk_size=50_000)), dtype=np.int64
    )
    pairs = flat.reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def orders_after(order_id):
    """Ids of the orders newer than ``order_id`` that hold bought lines, ascending."""
    rows = bought_lines().filter(order_id__gt=order_id or 0)
    return sorted(set(rows.values_list("order_id", flat=True).order_by()))


def order_products(order_id):
    """Distinct product ids an order holds (bought lines only), sorted."""
    return sorted(set(bought_lines().filter(order_id=order_id)
                      .values_list("product_id", flat=True)))
