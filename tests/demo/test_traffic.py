"""The simulation's decisions alone: over many planned visits they reproduce the
documented rates closely (the HTTP run in test_simulate_traffic checks the shop
records what the plans did)."""

import random

from shop.demo.traffic import CHECKOUT_STEPS, expected_rates, plan_rates, plan_visit, tolerance


def test_planned_visits_reproduce_the_documented_rates():
    rng = random.Random(11)
    plans = [plan_visit(rng) for _ in range(60_000)]
    measured = plan_rates(plans)
    for name, rate in expected_rates().items():
        value, sample = measured[name]
        assert abs(value - rate) <= tolerance(rate, sample), (name, value, rate, sample)


def test_a_plan_is_a_funnel():
    rng = random.Random(2)
    for plan in (plan_visit(rng, can_return=False) for _ in range(5_000)):
        assert not plan.returning
        assert plan.views_product or not plan.adds_to_basket
        assert plan.adds_to_basket or not plan.starts_checkout
        assert plan.starts_checkout or plan.steps == 0
        assert plan.orders == (plan.steps == CHECKOUT_STEPS)
        assert plan.landing != "product" or plan.views_product
