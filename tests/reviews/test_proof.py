"""The pure social-proof rules: no database."""

import pytest

from reviews.proof import bayesian_average, display_name, purchase_count_text


def test_one_five_star_review_does_not_outrank_two_hundred_at_4_8():
    one = bayesian_average(5, 1, prior_mean=3.0, prior_reviews=10)
    many = bayesian_average(4.8 * 200, 200, prior_mean=3.0, prior_reviews=10)
    assert many > one
    assert bayesian_average(0, 0, 3.0, 10) is None


@pytest.mark.parametrize("count, text", [
    (0, None), (4, None), (5, "5 bought in the past month"), (49, "49 bought in the past month"),
    (50, "50+ bought in the past month"), (99, "50+ bought in the past month"),
    (100, "100+ bought in the past month"), (256, "200+ bought in the past month"),
    (999, "900+ bought in the past month"), (1000, "1K+ bought in the past month"),
    (2500, "2K+ bought in the past month"),
])
def test_purchase_counts_hide_small_numbers_and_round_big_ones(count, text):
    assert purchase_count_text(count, minimum=5) == text


def test_the_threshold_is_a_setting():
    assert purchase_count_text(7, minimum=10) is None
    assert purchase_count_text(7, minimum=1, days=14) == "7 bought in the last 14 days"


class Person:
    def __init__(self, first, last):
        self.first_name, self.last_name = first, last


def test_display_names_never_show_a_full_name():
    assert display_name(Person("Ada", "Shopper")) == "Ada S."
    assert display_name(Person("Customer", "12346")) == "Customer"  # imported: no initial
    assert display_name(Person("", "")) == "A customer"
    assert display_name(None, "Guest") == "Guest"
