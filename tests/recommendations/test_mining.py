"""The mining algorithm against a brute-force count: no database."""

import itertools
import math
from collections import Counter, defaultdict

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from recommendations.mining import (
    TIE_DECIMALS,
    build_basket_matrix,
    confidence,
    lift,
    mine_complements,
    score_matrix,
)

baskets_strategy = st.lists(
    st.lists(st.integers(min_value=1, max_value=12), min_size=1, max_size=8),
    min_size=1, max_size=40,
)


def flatten(baskets):
    ids = [(b, item) for b, basket in enumerate(baskets) for item in basket]
    return np.array([b for b, _ in ids]), np.array([i for _, i in ids])


def brute_force(baskets, max_items=100):
    kept = [set(b) for b in baskets if len(set(b)) <= max_items]
    n = Counter(item for basket in kept for item in basket)
    count, weight = Counter(), defaultdict(float)
    for basket in kept:
        for i, j in itertools.permutations(sorted(basket), 2):
            count[(i, j)] += 1
            weight[(i, j)] += 1 / len(basket)
    return kept, n, count, weight


@settings(max_examples=150, deadline=None)
@given(baskets=baskets_strategy, min_count=st.integers(min_value=1, max_value=3),
       max_items=st.integers(min_value=2, max_value=9))
def test_mining_equals_a_brute_force_count(baskets, min_count, max_items):
    kept, n, count, weight = brute_force(baskets, max_items)
    mined = mine_complements(*flatten(baskets), min_count=min_count, top_n=None,
                             max_basket_items=max_items, chunk_size=5)
    expected = {pair: c for pair, c in count.items() if c >= min_count}
    got = dict(zip(zip(mined.product.tolist(), mined.complement.tolist(), strict=True),
                   mined.baskets.tolist(), strict=True))
    assert got == expected
    assert mined.n_baskets == len(kept)
    for k, (i, j) in enumerate(zip(mined.product.tolist(), mined.complement.tolist(),
                                   strict=True)):
        assert mined.weight[k] == pytest.approx(weight[(i, j)])
        assert confidence(int(mined.baskets[k]), n[i]) == pytest.approx(count[(i, j)] / n[i])
        assert lift(int(mined.baskets[k]), n[i], n[j], mined.n_baskets) == pytest.approx(
            count[(i, j)] * len(kept) / (n[i] * n[j]))
        assert mined.score[k] == pytest.approx(weight[(i, j)] / math.sqrt(n[i] * n[j]))


TIED = [[1, 2, 3, 5], [1, 2, 4, 5, 6], [1, 3, 5], [1, 2, 3, 4, 6]]  # equal sums, last bits apart


@settings(max_examples=80, deadline=None)
@given(baskets=baskets_strategy, top_n=st.integers(min_value=1, max_value=4))
@example(baskets=TIED, top_n=1)
@example(baskets=TIED, top_n=2)
def test_top_n_keeps_each_products_best_pairs(baskets, top_n):
    everything = mine_complements(*flatten(baskets), min_count=1, top_n=None)
    best = mine_complements(*flatten(baskets), min_count=1, top_n=top_n)
    by_product = defaultdict(list)
    for p, c, s, b in zip(everything.product, everything.complement, everything.score,
                          everything.baskets, strict=True):
        # Scores equal to TIE_DECIMALS places are ties (the same sum in another order).
        by_product[p].append((-round(float(s), TIE_DECIMALS), -b, c))
    expected = {(p, c) for p, rows in by_product.items() for _, _, c in sorted(rows)[:top_n]}
    assert set(zip(best.product.tolist(), best.complement.tolist(), strict=True)) == expected
    # grouped by product, best first
    for p in set(best.product.tolist()):
        scores = [round(float(s), TIE_DECIMALS) for s in best.score[best.product == p]]
        assert scores == sorted(scores, reverse=True)


def test_big_baskets_are_left_out_and_weights_favour_small_ones():
    baskets = [[1, 2]] * 3 + [[1, 3, 4, 5, 6]] * 3 + [list(range(1, 40))]
    mined = mine_complements(*flatten(baskets), min_count=1, top_n=None, max_basket_items=10)
    pairs = dict(zip(zip(mined.product.tolist(), mined.complement.tolist(), strict=True),
                     range(len(mined)), strict=True))
    assert mined.n_baskets == 6  # the 39-item basket is not mined
    assert mined.baskets[pairs[(1, 2)]] == mined.baskets[pairs[(1, 3)]] == 3
    assert mined.score[pairs[(1, 2)]] > mined.score[pairs[(1, 3)]]  # 1/2 beats 1/5 a basket


def test_a_product_twice_in_a_basket_counts_once():
    data = build_basket_matrix(np.array([7, 7, 7, 8]), np.array([1, 1, 2, 1]))
    assert data.item_baskets.tolist() == [2, 1]
    assert data.sizes.tolist() == [2, 1]


def test_empty_input_mines_nothing():
    mined = mine_complements(np.array([], dtype=int), np.array([], dtype=int))
    assert len(mined) == 0 and mined.n_baskets == 0


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="same length"):
        mine_complements(np.array([1, 2]), np.array([1]))
    with pytest.raises(ValueError, match="^min_count must be at least 1$"):
        mine_complements(np.array([1]), np.array([1]), min_count=0)


def test_score_matrix_sums_a_baskets_pair_scores():
    mined = mine_complements(*flatten([[1, 2], [1, 2], [2, 3], [1, 3]]), min_count=1, top_n=None)
    items = np.array([1, 2, 3])
    scores = score_matrix(mined, items)
    basket = np.array([[1.0, 1.0, 0.0]])  # holds 1 and 2
    candidate = (basket @ scores.toarray())[0, 2]
    by_pair = {(p, c): s for p, c, s in zip(mined.product, mined.complement, mined.score,
                                            strict=True)}
    assert candidate == pytest.approx(by_pair[(1, 3)] + by_pair[(2, 3)])


def test_score_matrix_leaves_out_pairs_with_a_product_it_was_not_given():
    """The evaluation scores only the training's products: a stored pair naming any
    other product is dropped, never moved onto another row or column."""
    mined = mine_complements(*flatten([[1, 2], [1, 2], [2, 3], [1, 3], [3, 4]]), min_count=1,
                             top_n=None)
    items = np.array([2, 3, 1])  # not 4; not sorted
    scores = score_matrix(mined, items).toarray()
    assert scores.shape == (3, 3)
    by_pair = {(p, c): s for p, c, s in zip(mined.product, mined.complement, mined.score,
                                            strict=True)}
    index = {item: i for i, item in enumerate(items.tolist())}
    expected = np.zeros((3, 3))
    for (product, complement), score in by_pair.items():
        if product in index and complement in index:
            expected[index[product], index[complement]] = score
    assert np.array_equal(scores, expected)
    assert {4} < {p for p, _ in by_pair} | {c for _, c in by_pair}  # 4 was mined


def test_score_matrix_is_as_wide_as_the_items_whatever_was_mined():
    mined = mine_complements(*flatten([[1, 2], [1, 2]]), min_count=1, top_n=None)
    assert score_matrix(mined, np.array([1, 2, 7, 8])).shape == (4, 4)


def test_confidence_and_lift_of_one_pair_match_the_mined_evidence():
    baskets = [[1, 2], [1, 2], [1, 3], [2, 3], [4]]
    mined = mine_complements(*flatten(baskets), min_count=1, top_n=None)
    n = dict(zip(mined.items.tolist(), mined.item_baskets.tolist(), strict=True))
    for k, (i, j) in enumerate(zip(mined.product.tolist(), mined.complement.tolist(),
                                   strict=True)):
        count = int(mined.baskets[k])
        assert confidence(count, n[i]) == pytest.approx(count / n[i])
        assert lift(count, n[i], n[j], mined.n_baskets) == pytest.approx(
            count * mined.n_baskets / (n[i] * n[j]))
    assert confidence(2, 3) == pytest.approx(2 / 3)  # 1 -> 2: two of 1's three baskets
    assert lift(2, 3, 3, 5) == pytest.approx(10 / 9)  # a little more than chance


@pytest.mark.parametrize("args", [(0, 0), (3, None)])
def test_confidence_is_undefined_without_the_products_baskets(args):
    assert confidence(*args) is None


@pytest.mark.parametrize("args", [(1, 0, 2, 10), (1, 2, 0, 10), (1, 2, 2, 0),
                                  (1, None, 2, 10), (1, 2, 2, None)])
def test_lift_is_undefined_when_a_count_is_missing(args):
    assert lift(*args) is None
