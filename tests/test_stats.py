"""Wilson bounds: the pure statistics the plugins rank by."""

from hypothesis import given
from hypothesis import strategies as st

from sales.stats import wilson_lower_bound


def test_wilson_prefers_many_good_votes_to_one():
    assert wilson_lower_bound(9, 10) > wilson_lower_bound(1, 1)
    assert wilson_lower_bound(90, 100) > wilson_lower_bound(9, 10)
    assert wilson_lower_bound(0, 0) == 0.0


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=500))
def test_wilson_is_a_lower_bound_of_the_share(positive, extra):
    total = positive + extra
    bound = wilson_lower_bound(positive, total)
    assert 0.0 <= bound <= positive / total + 1e-12
