"""EASE (Steck 2019) as the closed form of a ridge regression per item, and its
top-N complements with the same evidence as the cosine miner's."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recommendations.mining import build_basket_matrix, ease_weights, mine_matrix_ease

baskets_strategy = st.lists(
    st.lists(st.integers(0, 7), min_size=1, max_size=5, unique=True), min_size=3, max_size=25)


def matrix(baskets):
    ids = [b for b, items in enumerate(baskets) for _ in items]
    items = [i for items in baskets for i in items]
    return build_basket_matrix(ids, items)


def ridge_per_item(data, lam, weighted):
    """Column j of B by brute force: regress item j on every other item (ridge,
    each basket weighted 1/|basket| when ``weighted``), as EASE's objective says."""
    X = data.matrix.toarray().astype(np.float64)
    w = 1.0 / data.sizes if weighted else np.ones(X.shape[0])
    n = X.shape[1]
    B = np.zeros((n, n))
    for j in range(n):
        others = [i for i in range(n) if i != j]
        A = X[:, others]
        B[others, j] = np.linalg.solve(A.T @ (w[:, None] * A) + lam * np.eye(n - 1),
                                       A.T @ (w * X[:, j]))
    return B


@settings(max_examples=40, deadline=None)
@given(baskets_strategy, st.sampled_from([0.5, 1.0, 25.0]), st.booleans())
def test_the_closed_form_is_a_ridge_regression_per_item(baskets, lam, weighted):
    data = matrix(baskets)
    B = ease_weights(data, lam=lam, weighted=weighted)
    assert np.allclose(np.diag(B), 0)
    assert np.allclose(B, ridge_per_item(data, lam, weighted), atol=1e-8)


def test_complements_are_the_best_positive_weights_among_products_bought_together():
    rng = np.random.default_rng(3)
    baskets = [sorted(set(rng.integers(0, 12, size=rng.integers(2, 6)).tolist()))
               for _ in range(300)]
    data = matrix(baskets)
    B = ease_weights(data, lam=1.0)
    mined = mine_matrix_ease(data, lam=1.0, top_n=3, min_count=2)
    column = {item: i for i, item in enumerate(data.items.tolist())}
    together = (data.matrix.T @ data.matrix).toarray()
    for product in data.items.tolist():
        i = column[product]
        rows = mined.product == product
        got = mined.complement[rows].tolist()
        allowed = [j for j in range(len(data.items))
                   if j != i and B[i, j] > 0 and together[i, j] >= 2]
        expected = sorted(allowed, key=lambda j: (-round(B[i, j], 12), -together[i, j], j))[:3]
        assert got == [data.items[j] for j in expected]
        assert np.allclose(mined.score[rows], B[i, [column[c] for c in got]])
        assert mined.baskets[rows].tolist() == [int(together[i, column[c]]) for c in got]


@pytest.mark.parametrize("lam", [0.0, -1.0])
def test_a_regularisation_that_could_not_be_inverted_is_refused(lam):
    with pytest.raises(ValueError, match="lam must be positive"):
        ease_weights(matrix([[0, 1], [0, 1]]), lam=lam)
