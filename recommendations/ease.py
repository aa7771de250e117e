"""EASE, and the sparse form of it the shop ships: pure functions over a ``BasketMatrix``.

EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019)
predicts each product from every other one with a ridge regression, in closed
form; on the Online Retail data it ranks "complete your order" better than any
co-occurrence score (README, "Evaluation"). It has two costs for a shop:

* its inverse is dense: memory grows with the square of the catalogue and time
  with its cube (``ease_weights``, kept as the evaluation's baseline);
* a shop stores a few complements per product, and the best 20 weights of a
  dense model rank worse than the model itself (0.313 against 0.323).

``mine_matrix_neighbourhood`` fits the same regression where it matters
instead: each product is predicted from its ``neighbours`` most co-bought
products only, a ``neighbours``-square system per product. That is sparse,
grows linearly with the catalogue, and the weights it fits are the ones stored,
so nothing is lost when they are cut to the top N; on the validation split it
ranks as well as the dense model (README). Baskets are weighted ``1/|basket|``
as in the cosine miner, so wholesale orders do not dominate.
"""

import numpy as np
import scipy.sparse as sp

from .mining import TIE_DECIMALS, Complements, rank_in_group

DEFAULT_RIDGE = 0.25  # chosen on the validation split (README); conf.RIDGE
DEFAULT_NEIGHBOURS = 30


def weighted_gram(data):
    """``X^T W X``: item x item, each basket counted ``1 / |basket|`` (sparse)."""
    X = data.matrix
    scale = sp.diags(1.0 / np.maximum(data.sizes, 1).astype(np.float64))
    return (X.T @ (scale @ X)).tocsr()


def ease_weights(data, lam=1.0, weighted=True):
    """EASE's dense item x item weights, in closed form:

        G = X^T W X + lam * I      (W: each basket's 1 / |basket| when ``weighted``)
        P = G^-1
        B = I - P diag(1 / diag(P)), with diag(B) = 0

    ``B[i, j]`` is how much holding ``i`` says about buying ``j``; a basket's
    candidates score ``basket @ B``, the storefront's sum of pair scores.
    """
    if not lam > 0:
        raise ValueError("lam must be positive: it keeps the Gram matrix invertible")
    if weighted:
        gram = weighted_gram(data).toarray()
    else:
        gram = (data.matrix.T @ data.matrix).toarray().astype(np.float64)
    gram[np.diag_indices_from(gram)] += lam
    inverse = np.linalg.inv(gram)
    weights = inverse / -np.diag(inverse)
    np.fill_diagonal(weights, 0.0)
    return weights


def neighbourhoods(gram, counts, neighbours):
    """Per product (row), its ``neighbours`` most co-bought other products by weight,
    ties to more baskets, then the lower column; -1 pads a short row."""
    n = gram.shape[0]
    chosen = np.full((n, neighbours), -1, dtype=np.int64)
    for row in range(n):
        start, stop = gram.indptr[row], gram.indptr[row + 1]
        cols = gram.indices[start:stop]
        others = cols != row
        cols = cols[others]
        weight = gram.data[start:stop][others]
        together = counts.data[start:stop][others]
        best = np.lexsort((cols, -together, -np.round(weight, TIE_DECIMALS)))[:neighbours]
        chosen[row, :best.size] = cols[best]
    return chosen


def neighbourhood_weights(entries, targets, support, lam=DEFAULT_RIDGE):
    """Ridge coefficients of products on their neighbours.

    Row ``r`` of the result holds the coefficients of the products
    ``support[r]`` when regressing product ``targets[r]`` on them alone:
    ``(G[S, S] + lam I) b = G[S, j]``, all rows solved in one batch; ``entries``
    looks up the Gram matrix (an ``Entries``).
    """
    if not lam > 0:
        raise ValueError("lam must be positive: it keeps each system invertible")
    k = support.shape[1]
    valid = support >= 0
    safe = np.where(valid, support, 0)
    block = entries(safe[:, :, None], safe[:, None, :])
    both = valid[:, :, None] & valid[:, None, :]
    eye = np.eye(k, dtype=bool)[None]
    # A padded slot is its own equation, b = 0, so every system stays well posed.
    block = np.where(both, block, 0.0) + np.where(eye, np.where(valid[:, :, None], lam, 1.0),
                                                  0.0)
    target = np.where(valid, entries(safe, np.asarray(targets)[:, None]), 0.0)
    return np.linalg.solve(block, target[:, :, None])[:, :, 0]


def mine_matrix_neighbourhood(data, lam=DEFAULT_RIDGE, neighbours=DEFAULT_NEIGHBOURS,
                              top_n=20, min_count=1, chunk_size=4096):
    """Top ``top_n`` complements of every product by their fitted weight.

    For each product ``j``, its ``neighbours`` most co-bought products ``i``
    get a ridge coefficient (``neighbourhood_weights``); each positive one is a
    pair ``i -> j`` with that score, kept when bought together at least
    ``min_count`` times. Evidence kept is the same as ``mining.mine_matrix``'s.
    """
    if min_count < 1:
        raise ValueError("min_count must be at least 1")
    X = data.matrix
    n = X.shape[1]
    gram = weighted_gram(data)
    counts = (X.T @ X).tocsr()
    gram.sort_indices()
    counts.sort_indices()
    if not (np.array_equal(gram.indptr, counts.indptr)
            and np.array_equal(gram.indices, counts.indices)):
        raise AssertionError("count and weight matrices must share their sparsity")
    support = neighbourhoods(gram, counts, neighbours)
    entries = Entries(gram)
    products, complements, scores = [], [], []
    for start in range(0, n, chunk_size):
        part = support[start:start + chunk_size]
        targets = np.arange(start, start + part.shape[0])
        weights = neighbourhood_weights(entries, targets, part, lam)
        target = np.repeat(targets, part.shape[1])
        keep = (part.ravel() >= 0) & (weights.ravel() > 0)
        products.append(part.ravel()[keep])
        complements.append(target[keep])
        scores.append(weights.ravel()[keep])
    product = np.concatenate(products) if products else np.array([], dtype=np.int64)
    complement = np.concatenate(complements) if complements else np.array([], dtype=np.int64)
    score = np.concatenate(scores) if scores else np.array([], dtype=np.float64)
    together = Entries(counts)(product, complement)
    keep = together >= min_count - 0.5
    product, complement, score, together = (
        product[keep], complement[keep], score[keep], together[keep])
    order = np.lexsort((complement, -together, -np.round(score, TIE_DECIMALS), product))
    product, complement, score, together = (
        product[order], complement[order], score[order], together[order])
    if top_n is not None:
        keep = rank_in_group(product) < top_n
        product, complement, score, together = (
            product[keep], complement[keep], score[keep], together[keep])
    return Complements(
        product=data.items[product], complement=data.items[complement],
        baskets=np.rint(together).astype(np.int64),
        weight=entries(product, complement).astype(np.float64),
        score=score.astype(np.float64), items=data.items, item_baskets=data.item_baskets,
        n_baskets=data.n_baskets)


class Entries:
    """Many single entries of a sparse matrix, looked up at once (0 where absent)."""

    def __init__(self, matrix):
        matrix = matrix.tocsr()
        matrix.sum_duplicates()  # canonical: sorted, so row-major keys are sorted too
        self.width = matrix.shape[1]
        self.keys = (np.repeat(np.arange(matrix.shape[0], dtype=np.int64),
                               np.diff(matrix.indptr)) * self.width + matrix.indices)
        self.data = matrix.data

    def __call__(self, rows, cols):
        query = (np.asarray(rows, dtype=np.int64) * self.width
                 + np.asarray(cols, dtype=np.int64))
        if not self.keys.size or not query.size:
            return np.zeros(query.shape)
        flat = query.ravel()
        # Binary searches in key order walk memory forwards: several times faster
        # than in the queries' order once the keys outgrow the CPU's caches.
        order = np.argsort(flat, kind="stable")
        at = np.empty_like(flat)
        at[order] = np.searchsorted(self.keys, flat[order])
        at = np.minimum(at, self.keys.size - 1)
        return np.where(self.keys[at] == flat, self.data[at], 0.0).reshape(query.shape)
