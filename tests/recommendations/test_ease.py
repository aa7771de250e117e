"""EASE (Steck 2019) as the closed form of a ridge regression per item, and the
shipped neighbourhood form: the same regression on each product's most
co-bought products, stored with the cosine miner's evidence."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recommendations import ease, ranking
from recommendations.mining import build_basket_matrix, mine_matrix

baskets_strategy = st.lists(
    st.lists(st.integers(0, 7), min_size=1, max_size=5, unique=True), min_size=3, max_size=25)


def matrix(baskets, max_basket_items=100):
    ids = [b for b, items in enumerate(baskets) for _ in items]
    items = [i for items in baskets for i in items]
    return build_basket_matrix(ids, items, max_basket_items)


def ridge(data, target, predictors, lam, weighted=True):
    """Coefficients of ``predictors`` regressing column ``target`` (ridge, each
    basket weighted 1/|basket| when ``weighted``), by brute force."""
    X = data.matrix.toarray().astype(np.float64)
    w = 1.0 / data.sizes if weighted else np.ones(X.shape[0])
    A = X[:, predictors]
    return np.linalg.solve(A.T @ (w[:, None] * A) + lam * np.eye(len(predictors)),
                           A.T @ (w * X[:, target]))


def random_baskets(seed, n_items=12, count=300):
    rng = np.random.default_rng(seed)
    return [sorted(set(rng.integers(0, n_items, size=rng.integers(2, 6)).tolist()))
            for _ in range(count)]


@settings(max_examples=40, deadline=None)
@given(baskets_strategy, st.sampled_from([0.5, 1.0, 25.0]), st.booleans())
def test_the_closed_form_is_a_ridge_regression_per_item(baskets, lam, weighted):
    data = matrix(baskets)
    B = ease.ease_weights(data, lam=lam, weighted=weighted)
    n = len(data.items)
    assert np.allclose(np.diag(B), 0)
    for j in range(n):
        others = [i for i in range(n) if i != j]
        assert np.allclose(B[others, j], ridge(data, j, others, lam, weighted), atol=1e-8)


@settings(max_examples=40, deadline=None)
@given(baskets_strategy, st.integers(1, 4), st.sampled_from([0.25, 1.0]))
def test_each_product_is_regressed_on_its_neighbours_alone(baskets, neighbours, lam):
    data = matrix(baskets)
    gram = ease.weighted_gram(data)
    counts = (data.matrix.T @ data.matrix).tocsr()
    support = ease.neighbourhoods(gram, counts, neighbours)
    weights = ease.neighbourhood_weights(ease.Entries(gram), np.arange(len(data.items)),
                                         support, lam)
    dense = gram.toarray()
    for j, chosen in enumerate(support):
        found = [int(i) for i in chosen if i >= 0]
        bought_with = [i for i in range(len(data.items)) if i != j and dense[i, j] > 0]
        # The most co-bought come first: nothing left out outweighs what was taken.
        assert len(found) == min(neighbours, len(bought_with))
        left_out = set(bought_with) - set(found)
        assert all(dense[i, j] <= min(dense[f, j] for f in found) + 1e-12 for i in left_out)
        if found:
            assert np.allclose(weights[j, :len(found)], ridge(data, j, found, lam), atol=1e-8)
        assert np.all(weights[j, len(found):] == 0)


def test_with_every_product_a_neighbour_it_is_ease_itself():
    # Every pair is bought together, so "most co-bought" is everyone: the same regression.
    baskets = random_baskets(1, n_items=6, count=200) + [list(range(6))]
    data = matrix(baskets)
    mined = ease.mine_matrix_neighbourhood(data, lam=1.0, neighbours=10, top_n=None)
    B = ease.ease_weights(data, lam=1.0)
    assert len(mined)
    for p, c, s in zip(mined.product, mined.complement, mined.score, strict=True):
        assert s == pytest.approx(B[p, c], abs=1e-9)
    positive = {(int(i), int(j)) for i, j in zip(*np.nonzero(B > 0), strict=True)}
    assert set(zip(mined.product.tolist(), mined.complement.tolist(), strict=True)) == positive


def test_complements_are_the_best_positive_weights_bought_together_often_enough():
    data = matrix(random_baskets(3))
    everything = ease.mine_matrix_neighbourhood(data, lam=0.5, neighbours=5, top_n=None)
    mined = ease.mine_matrix_neighbourhood(data, lam=0.5, neighbours=5, top_n=3, min_count=4)
    together = (data.matrix.T @ data.matrix).toarray()
    weight = ease.weighted_gram(data).toarray()
    score = {(p, c): s for p, c, s in zip(everything.product.tolist(),
                                          everything.complement.tolist(),
                                          everything.score.tolist(), strict=True)}
    assert all(s > 0 for s in score.values())
    for product in data.items.tolist():
        rows = mined.product == product
        got = mined.complement[rows].tolist()
        allowed = [c for (p, c) in score if p == product and together[p, c] >= 4]
        expected = sorted(allowed, key=lambda c: (-round(score[product, c], 12),
                                                  -together[product, c], c))[:3]
        assert got == expected
        assert mined.baskets[rows].tolist() == [int(together[product, c]) for c in got]
        assert np.allclose(mined.weight[rows], [weight[product, c] for c in got])


def test_an_empty_shop_mines_nothing():
    mined = ranking.mine(np.array([], dtype=int), np.array([], dtype=int))
    assert len(mined.complements) == 0
    assert mined.model == ranking.NEIGHBOURHOOD


def test_a_catalogue_above_the_limit_falls_back_to_the_cosine_and_says_why():
    baskets = random_baskets(5)
    ids = [b for b, items in enumerate(baskets) for _ in items]
    items = [i for items in baskets for i in items]
    small = ranking.mine(ids, items, min_count=2, max_products=12)
    large = ranking.mine(ids, items, min_count=2, max_products=11)
    assert small.model == ranking.NEIGHBOURHOOD
    assert large.model == ranking.COSINE
    assert "12 products is above RECOMMENDATIONS_MODEL_MAX_PRODUCTS (11)" in large.reason
    # Each is the model it names.
    data = matrix(baskets)
    assert np.allclose(small.complements.score, ease.mine_matrix_neighbourhood(
        data, min_count=2).score)
    assert np.allclose(large.complements.score, mine_matrix(data, min_count=2).score)
    chosen = ranking.mine(ids, items, min_count=2, model=ranking.COSINE)
    assert chosen.model == ranking.COSINE and "chosen" in chosen.reason
    with pytest.raises(ValueError, match="unknown model"):
        ranking.mine(ids, items, model="svd")


@pytest.mark.parametrize("lam", [0.0, -1.0])
def test_a_regularisation_that_could_not_be_inverted_is_refused(lam):
    data = matrix([[0, 1], [0, 1]])
    with pytest.raises(ValueError, match="lam must be positive"):
        ease.ease_weights(data, lam=lam)
    with pytest.raises(ValueError, match="lam must be positive"):
        ease.mine_matrix_neighbourhood(data, lam=lam)
