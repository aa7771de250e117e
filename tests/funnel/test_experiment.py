"""The A/B comparison's arithmetic: totals per arm, and intervals that hold the truth."""

import numpy as np
import pytest

from funnel import experiment
from funnel.experiment import Arm, Visitor


def test_an_arm_sums_its_own_visitors():
    visitors = [Visitor("suggestions", 2, 1, 1, 30.0), Visitor("suggestions", 1, 0, 0, 0.0),
                Visitor("suggestions", 0, 0, 2, 50.0), Visitor("control", 1, 3, 0, 0.0)]
    arm = experiment.summarise("suggestions", visitors)
    assert (arm.visitors, arm.impressions, arm.adds, arm.shown, arm.adders) == (3, 3, 1, 2, 1)
    assert (arm.buyers, arm.orders, arm.revenue) == (2, 3, 80.0)
    assert arm.order_rate == pytest.approx(2 / 3)
    assert arm.add_rate == pytest.approx(1 / 2)
    assert arm.revenue_per_visitor == pytest.approx(80 / 3)
    assert arm.revenue_variance == pytest.approx(np.var([30, 0, 50], ddof=1))


def simulated_arm(rng, name, visitors, order_rate, add_rate, mean_order):
    """An arm's totals as ``visitors`` independent visitors with these rates would
    give them: each orders with ``order_rate`` (one order, exponential value) and
    adds from the block with ``add_rate``."""
    buys = rng.random(visitors) < order_rate
    adds = rng.random(visitors) < add_rate
    revenue = np.where(buys, rng.exponential(mean_order, visitors), 0.0)
    return Arm(name, visitors, visitors, int(adds.sum()), visitors, int(adds.sum()),
               int(buys.sum()), int(buys.sum()), float(revenue.sum()),
               float((revenue ** 2).sum()))


def test_simulated_arms_with_known_rates_are_recovered_within_their_intervals():
    """Known truth: the suggestions arm orders at 6% and adds at 12%, the control at 4%
    and 7%; orders are worth 40 on average. 95% intervals hold the true differences
    in about 95 of 100 runs (checked over 400 runs), and in the run shown."""
    rng = np.random.default_rng(0)
    truth = {experiment.ORDER_RATE: 0.06 - 0.04, experiment.ADD_RATE: 0.12 - 0.07,
             experiment.REVENUE: (0.06 - 0.04) * 40}
    held = dict.fromkeys(truth, 0)
    runs = 400
    for _ in range(runs):
        treatment = simulated_arm(rng, "suggestions", 4000, 0.06, 0.12, 40.0)
        control = simulated_arm(rng, "control", 4000, 0.04, 0.07, 40.0)
        for difference in experiment.compare(treatment, control, min_visitors=100):
            held[difference.metric] += difference.low <= truth[difference.metric] \
                <= difference.high
    for metric, count in held.items():
        assert 0.92 <= count / runs <= 0.98, (metric, count / runs)
    # One large run: each arm's own rate is close, and the differences are clear.
    treatment = simulated_arm(rng, "suggestions", 40_000, 0.06, 0.12, 40.0)
    control = simulated_arm(rng, "control", 40_000, 0.04, 0.07, 40.0)
    assert treatment.order_rate == pytest.approx(0.06, abs=0.005)
    assert control.order_rate == pytest.approx(0.04, abs=0.005)
    found = {d.metric: d for d in experiment.compare(treatment, control, min_visitors=100)}
    for metric, value in truth.items():
        assert found[metric].low <= value <= found[metric].high
        assert found[metric].significant and found[metric].estimate > 0


def test_arms_alike_show_no_clear_difference():
    rng = np.random.default_rng(1)
    treatment = simulated_arm(rng, "suggestions", 3000, 0.05, 0.1, 40.0)
    control = simulated_arm(rng, "control", 3000, 0.05, 0.1, 40.0)
    found = experiment.compare(treatment, control, min_visitors=100)
    assert [d.metric for d in found] == [experiment.ORDER_RATE, experiment.REVENUE,
                                         experiment.ADD_RATE]
    assert sum(d.significant for d in found) <= 1


def test_below_the_minimum_sample_there_is_no_verdict():
    rng = np.random.default_rng(2)
    treatment = simulated_arm(rng, "suggestions", 900, 0.05, 0.1, 40.0)
    control = simulated_arm(rng, "control", 99, 0.05, 0.1, 40.0)
    assert experiment.compare(treatment, control, min_visitors=100) is None
    control = simulated_arm(rng, "control", 100, 0.05, 0.1, 40.0)
    assert experiment.compare(treatment, control, min_visitors=100) is not None


def test_a_control_without_a_block_has_no_add_rate_to_compare():
    rng = np.random.default_rng(3)
    treatment = simulated_arm(rng, "suggestions", 500, 0.05, 0.1, 40.0)
    control = Arm("control", 500, 0, 0, 0, 0, 20, 20, 800.0, 40_000.0)
    found = experiment.compare(treatment, control, min_visitors=100)
    assert [d.metric for d in found] == [experiment.ORDER_RATE, experiment.REVENUE]
    assert control.add_rate is None


def test_a_rate_on_too_few_events_gets_no_interval_and_no_verdict():
    """One add among 125 control visitors: the normal interval would claim more than
    the data holds."""
    treatment = Arm("suggestions", 1200, 1200, 47, 1200, 47, 50, 50, 1000.0, 40_000.0)
    control = Arm("control", 125, 125, 1, 125, 1, 11, 11, 180.0, 6_000.0)
    found = {d.metric: d for d in experiment.compare(treatment, control, min_visitors=100)}
    assert not found[experiment.ADD_RATE].enough
    assert not found[experiment.ADD_RATE].significant  # however far from 0 it looks
    assert found[experiment.ORDER_RATE].enough
