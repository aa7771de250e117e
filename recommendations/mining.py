"""Mine complementary products from baskets: pure functions over arrays.

No Django here: (basket id, product id) pairs in, per-product complements with
their evidence out, so the algorithm is tested and benchmarked on its own.

The ranking score was chosen by measurement (``evaluate_recommendations`` on
the Online Retail data, README): raw co-purchase counts and lift rank poorly
here, and a few wholesale invoices with hundreds of lines dominate raw
co-occurrence. What ranks best is a **basket-weighted cosine**:

    weight(i, j) = sum over baskets holding i and j of 1 / |basket|
    score(i, j)  = weight(i, j) / sqrt(n_i * n_j)

where ``n_i`` is the number of baskets holding ``i``. Each basket spreads one
vote over its items, so a 300-line wholesale order counts little per pair, and
the square roots damp the pull of best sellers. Baskets with more than
``max_basket_items`` distinct products are left out entirely: their pair
count grows with the square of their size. Evidence kept per pair: the
co-purchase count (baskets) and the weight; confidence ``count / n_i`` and lift
``count * N / (n_i * n_j)`` are derived from the counts where they are shown
(``confidence`` and ``lift``).

Memory stays bounded: the co-occurrence ``X.T @ X`` is computed for a block of
``chunk_size`` products at a time and only the top ``top_n`` complements of
each product are kept.
"""

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

DEFAULT_MIN_COUNT = 3
DEFAULT_TOP_N = 20
DEFAULT_MAX_BASKET_ITEMS = 100
TIE_DECIMALS = 12


@dataclass(frozen=True)
class BasketMatrix:
    """Binary basket x item matrix and the ids behind its rows and columns."""

    matrix: sp.csr_matrix
    items: np.ndarray  # column -> product id
    item_baskets: np.ndarray  # column -> n_i, baskets holding the item
    sizes: np.ndarray  # row -> distinct items in the basket

    @property
    def n_baskets(self):
        return self.matrix.shape[0]


@dataclass(frozen=True)
class Complements:
    """One row per (product, complement); grouped by product, best first, when top-N."""

    product: np.ndarray
    complement: np.ndarray
    baskets: np.ndarray  # co-purchase count
    weight: np.ndarray  # basket-weighted co-occurrence
    score: np.ndarray
    items: np.ndarray  # every product id seen
    item_baskets: np.ndarray  # n_i for ``items``
    n_baskets: int

    def __len__(self):
        return len(self.product)


def pair_score(weight, n_i, n_j):
    """The ranking score of a pair from its weight and both items' basket counts."""
    return np.asarray(weight, dtype=np.float64) / np.sqrt(
        np.asarray(n_i, dtype=np.float64) * np.asarray(n_j, dtype=np.float64)
    )


def confidence(pair_baskets, product_baskets):
    """Share of the product's baskets that also held the complement.

    ``None`` when the product is in no basket (the share is undefined).
    """
    if not product_baskets:
        return None
    return pair_baskets / product_baskets


def lift(pair_baskets, product_baskets, complement_baskets, total_baskets):
    """How much more often the two are bought together than chance would have it.

    ``count * N / (n_i * n_j)``: 1 is independence, above 1 they go together.
    ``None`` when either product or the basket total is zero (undefined).
    """
    if not (product_baskets and complement_baskets and total_baskets):
        return None
    return pair_baskets * total_baskets / (product_baskets * complement_baskets)


def build_basket_matrix(basket_ids, item_ids, max_basket_items=DEFAULT_MAX_BASKET_ITEMS):
    """Binary basket x item matrix from parallel id arrays (duplicates collapse).

    Baskets holding more than ``max_basket_items`` distinct items are dropped.
    """
    basket_ids = np.asarray(basket_ids)
    item_ids = np.asarray(item_ids)
    if basket_ids.shape != item_ids.shape:
        raise ValueError("basket_ids and item_ids must have the same length")
    if basket_ids.size == 0:
        empty = sp.csr_matrix((0, 0), dtype=np.float32)
        none = np.array([], dtype=np.int64)
        return BasketMatrix(empty, none, none, none)
    _, rows = np.unique(basket_ids, return_inverse=True)
    items, cols = np.unique(item_ids, return_inverse=True)
    matrix = sp.csr_matrix(
        (np.ones(rows.size, dtype=np.float32), (rows.ravel(), cols.ravel())),
        shape=(rows.max() + 1, items.size),
    )
    matrix.data[:] = 1.0  # a product twice in one basket is still one basket
    sizes = np.diff(matrix.indptr)
    keep = sizes <= max_basket_items
    if not keep.all():
        matrix = matrix[keep]
        sizes = sizes[keep]
    item_baskets = np.asarray(matrix.sum(axis=0)).ravel().astype(np.int64)
    seen = item_baskets > 0
    if not seen.all():
        matrix = matrix[:, np.flatnonzero(seen)].tocsr()
        items, item_baskets = items[seen], item_baskets[seen]
    return BasketMatrix(matrix.tocsr(), items, item_baskets, sizes.astype(np.int64))


def mine_complements(
    basket_ids,
    item_ids,
    min_count=DEFAULT_MIN_COUNT,
    top_n=DEFAULT_TOP_N,
    max_basket_items=DEFAULT_MAX_BASKET_ITEMS,
    chunk_size=2048,
):
    """Top ``top_n`` complements of every product bought with it >= ``min_count`` times.

    ``top_n=None`` keeps every pair that reaches ``min_count``.
    """
    if min_count < 1:
        raise ValueError("min_count must be at least 1")
    data = build_basket_matrix(basket_ids, item_ids, max_basket_items)
    return mine_matrix(data, min_count=min_count, top_n=top_n, chunk_size=chunk_size)


def mine_matrix(data, min_count=DEFAULT_MIN_COUNT, top_n=DEFAULT_TOP_N, chunk_size=2048):
    """``mine_complements`` on a prepared ``BasketMatrix``."""
    X = data.matrix
    n_items = X.shape[1]
    # Same structure as X (so both products below come out in the same order),
    # each basket's entries scaled by 1 / its size.
    weighted = X.copy()
    weighted.data = X.data * np.repeat(1.0 / np.maximum(data.sizes, 1), np.diff(X.indptr))
    Xt = X.T.tocsr()  # item x basket: rows of a block are a cheap slice
    parts = []
    for start in range(0, n_items, chunk_size):
        stop = min(start + chunk_size, n_items)
        block = Xt[start:stop]
        counts = block @ X
        weights = block @ weighted
        if not _same_pattern(counts, weights):  # the same walk gives the same order
            counts.sort_indices()
            weights.sort_indices()
        parts.append(_select(counts, weights, start, data, min_count, top_n))
    product, complement, baskets, weight = (
        np.concatenate([p[k] for p in parts]) if parts else np.array([], dtype=np.int64)
        for k in range(4)
    )
    n_i = data.item_baskets[product]
    n_j = data.item_baskets[complement]
    return Complements(
        product=data.items[product],
        complement=data.items[complement],
        baskets=baskets.astype(np.int64),
        weight=weight.astype(np.float64),
        score=pair_score(weight, n_i, n_j),
        items=data.items,
        item_baskets=data.item_baskets,
        n_baskets=data.n_baskets,
    )


def _same_pattern(a, b):
    return np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)


def _select(counts, weights, offset, data, min_count, top_n):
    """Pairs of one block that pass ``min_count``, top ``top_n`` per row by score."""
    if not _same_pattern(counts, weights):
        raise AssertionError("count and weight matrices must share their sparsity")
    # Counts are whole numbers held exactly in float32 (below 2**24 baskets).
    keep = counts.data >= min_count - 0.5
    rows = np.repeat(np.arange(offset, offset + counts.shape[0]), np.diff(counts.indptr))[keep]
    cols = counts.indices[keep].astype(np.int64)
    keep_pair = rows != cols
    rows, cols = rows[keep_pair], cols[keep_pair]
    baskets = counts.data[keep][keep_pair].astype(np.int64)
    weight = weights.data[keep][keep_pair].astype(np.float64)
    if top_n is not None and rows.size:
        # Best first within each product; ties go to more baskets, then the lower id.
        # Scores equal to TIE_DECIMALS places are ties: the same sums added in another
        # order (another engine, another partitioning) differ in the last bits only.
        score = pair_score(weight, data.item_baskets[rows], data.item_baskets[cols])
        order = np.lexsort((cols, -baskets, -np.round(score, TIE_DECIMALS), rows))
        rows, cols, baskets, weight = rows[order], cols[order], baskets[order], weight[order]
        keep = rank_in_group(rows) < top_n
        rows, cols, baskets, weight = rows[keep], cols[keep], baskets[keep], weight[keep]
    return rows, cols, baskets, weight


def rank_in_group(groups):
    """0, 1, 2, … within each run of equal values of a sorted ``groups`` array."""
    if not groups.size:
        return np.array([], dtype=np.int64)
    first = np.r_[0, np.flatnonzero(np.diff(groups)) + 1]
    return np.arange(groups.size) - np.repeat(first, np.diff(np.r_[first, groups.size]))


def score_matrix(complements, items):
    """Item x item matrix of stored pair scores, indexed like ``items``.

    The storefront scores a basket's candidates by summing, over the basket's
    products, their stored pair scores; ``baskets @ score_matrix`` does that
    for many baskets at once (the evaluation uses it).
    """
    position = {item: index for index, item in enumerate(np.asarray(items).tolist())}
    rows = np.array([position.get(p, -1) for p in complements.product.tolist()], dtype=np.int64)
    cols = np.array([position.get(c, -1) for c in complements.complement.tolist()],
                    dtype=np.int64)
    known = (rows >= 0) & (cols >= 0)
    return sp.csr_matrix(
        (complements.score[known], (rows[known], cols[known])), shape=(len(items), len(items))
    )

