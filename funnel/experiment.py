"""The A/B holdout's comparison: pure functions over per-visitor rows.

The recommendations plugin assigns each visitor who meets a suggestion block an
arm ("suggestions" or "control") and the funnel records it on the block's events
(``receivers.on_suggestions_shown``). A visitor is in the comparison from their
first exposure; visits under Global Privacy Control or Do-Not-Track carry no
visitor id and no arm, so they are never counted. Per arm: visitors, block
impressions, adds to basket from the block, orders placed after the first
exposure and their revenue. The difference (suggestions minus control) of the
order rate (visitors who ordered), the revenue per visitor and the add-to-basket
rate (visitors shown a block who added from one) comes with a 95%
normal-approximation interval (unpooled for the rates, Welch's for the revenue),
and none below ``min_visitors`` in either arm: "not enough data yet".
"""

import math
from dataclasses import dataclass

Z95 = 1.959964
# The usual rule for a normal interval on a proportion: at least this many events
# each way (with fewer, one more order swings the "difference" by itself).
MIN_EVENTS = 5
ORDER_RATE, REVENUE, ADD_RATE = ("order rate", "revenue per visitor",
                                 "add-to-basket rate from the block")


@dataclass(frozen=True)
class Visitor:
    arm: str
    impressions: int  # blocks displayed to them (a control with no block: none)
    adds: int  # products added to the basket from a block
    orders: int  # orders placed after their first exposure
    revenue: float  # those orders' value


@dataclass(frozen=True)
class Arm:
    name: str
    visitors: int
    impressions: int
    adds: int
    shown: int  # visitors displayed a block
    adders: int  # visitors displayed a block who added from one
    buyers: int  # visitors with an order
    orders: int
    revenue: float
    revenue_squares: float  # sum over visitors of their revenue squared

    @property
    def add_rate(self):
        return self.adders / self.shown if self.shown else None

    @property
    def order_rate(self):
        return self.buyers / self.visitors if self.visitors else None

    @property
    def revenue_per_visitor(self):
        return self.revenue / self.visitors if self.visitors else None

    @property
    def revenue_variance(self):
        """Sample variance of one visitor's revenue."""
        n = self.visitors
        if n < 2:
            return None
        return max(self.revenue_squares - self.revenue ** 2 / n, 0.0) / (n - 1)


@dataclass(frozen=True)
class Difference:
    metric: str
    estimate: float
    low: float
    high: float
    # False when a rate rests on too few events for the normal approximation: an
    # interval would be shown, but it would not hold what it says.
    enough: bool = True

    @property
    def significant(self):
        return self.enough and (self.low > 0 or self.high < 0)

    @property
    def is_rate(self):
        return self.metric != REVENUE

    @property
    def shown(self):
        """(estimate, low, high) as the dashboard shows them: rates in percentage points."""
        scale = 100 if self.is_rate else 1
        return tuple(value * scale for value in (self.estimate, self.low, self.high))


def summarise(name, visitors):
    """One arm's totals from its ``Visitor`` rows."""
    rows = [v for v in visitors if v.arm == name]
    return Arm(name, len(rows), sum(v.impressions for v in rows), sum(v.adds for v in rows),
               sum(1 for v in rows if v.impressions),
               sum(1 for v in rows if v.adds and v.impressions),
               sum(1 for v in rows if v.orders), sum(v.orders for v in rows),
               float(sum(v.revenue for v in rows)), float(sum(v.revenue ** 2 for v in rows)))


def rate_difference(metric, hits_a, n_a, hits_b, n_b):
    """``hits_a/n_a - hits_b/n_b`` with its 95% interval (unpooled normal); not
    ``enough`` unless each arm has ``MIN_EVENTS`` hits and as many misses."""
    p_a, p_b = hits_a / n_a, hits_b / n_b
    se = math.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    enough = min(hits_a, n_a - hits_a, hits_b, n_b - hits_b) >= MIN_EVENTS
    return Difference(metric, p_a - p_b, p_a - p_b - Z95 * se, p_a - p_b + Z95 * se, enough)


def mean_difference(metric, a, b):
    """Revenue per visitor of ``a`` minus ``b`` with its 95% interval (Welch)."""
    estimate = a.revenue_per_visitor - b.revenue_per_visitor
    se = math.sqrt(a.revenue_variance / a.visitors + b.revenue_variance / b.visitors)
    return Difference(metric, estimate, estimate - Z95 * se, estimate + Z95 * se)


def compare(treatment, control, min_visitors):
    """Differences of ``treatment`` over ``control`` (``Arm``s); None when either arm
    has fewer than ``min_visitors`` visitors (not enough data yet)."""
    if min(treatment.visitors, control.visitors) < max(min_visitors, 2):
        return None
    found = [
        rate_difference(ORDER_RATE, treatment.buyers, treatment.visitors,
                        control.buyers, control.visitors),
        mean_difference(REVENUE, treatment, control),
    ]
    if treatment.shown and control.shown:  # a control with no block adds nothing
        found.append(rate_difference(ADD_RATE, treatment.adders,
                                     treatment.shown, control.adders, control.shown))
    return found
