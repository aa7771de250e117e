"""The demo's simulated shoppers: the rates they follow, and what those rates
make of the funnel, so a test can hold the simulation to its word.

Published benchmarks, rounded: an add-to-cart rate of 8–12% of product
viewers (Littledata, Smart Insights); the Baymard Institute's long-run average
cart abandonment of about 70%; roughly a third of visits from returning
visitors; basket-reminder mails bringing back around a tenth of the baskets
they are sent for.
"""

import math
from dataclasses import dataclass

RATES = {
    "returning": 0.30,  # a visit by someone who came before (their visitor cookie)
    "sign_in": 0.50,  # a returning visitor signs in to their account
    "product": 0.60,  # views a product, after landing on a guide or the catalogue
    "basket": 0.10,  # adds to basket, of visits that viewed a product
    "checkout": 0.45,  # starts checkout, of visits with a basket
    "step": 0.904,  # goes on at each of the 4 steps after the start (0.904⁴ ≈ 2/3)
    "recover": 0.15,  # a reminded customer comes back through the mail and orders
    "open": 0.30, "click": 0.10, "buy_after_click": 0.15,  # newsletter readers
    # A shopper adding to the basket also adds the bundle's first suggestion: a mined
    # complement, or a best seller (the A/B holdout's control) less often.
    "take_suggestion": 0.30, "take_best_seller": 0.15,
    # A product viewer opens the bundle's first suggestion from its link.
    "open_suggestion": 0.10,
}
# Where a visit lands: a guide, a product (search and social land there) or the catalogue.
LANDING = (("guide", 0.15), ("product", 0.70), ("catalogue", 0.15))
CHECKOUT_STEPS = 4


@dataclass(frozen=True)
class Plan:
    """What one visit will do, decided before any request is sent."""

    returning: bool
    landing: str  # "guide", "product" or "catalogue"
    views_product: bool
    adds_to_basket: bool
    starts_checkout: bool
    steps: int  # checkout steps done after the start (CHECKOUT_STEPS: an order)

    @property
    def orders(self):
        return self.steps == CHECKOUT_STEPS


def plan_visit(rng, can_return=True, rates=RATES):
    """A visit's decisions, each drawn with its rate (``rng``: a ``random.Random``)."""
    returning = can_return and rng.random() < rates["returning"]
    landing = rng.choices([w for w, _ in LANDING], [p for _, p in LANDING])[0]
    views = landing == "product" or rng.random() < rates["product"]
    adds = views and rng.random() < rates["basket"]
    starts = adds and rng.random() < rates["checkout"]
    steps = 0
    while starts and steps < CHECKOUT_STEPS and rng.random() < rates["step"]:
        steps += 1
    return Plan(returning, landing, views, adds, starts, steps)


def plan_rates(plans):
    """The figures of ``expected_rates`` over planned visits, with their samples."""
    viewed = [p for p in plans if p.views_product]
    added = [p for p in viewed if p.adds_to_basket]
    started = [p for p in added if p.starts_checkout]
    ordered = [p for p in started if p.orders]
    return {
        "returning": (sum(p.returning for p in plans) / len(plans), len(plans)),
        "add_to_basket": (len(added) / len(viewed), len(viewed)),
        "checkout_abandonment": (1 - len(ordered) / len(started), len(started)),
        "cart_abandonment": (1 - len(ordered) / len(added), len(added)),
    }


def expected_rates(rates=RATES):
    """The funnel figures these rates produce (each as the report measures it)."""
    finish = rates["step"] ** CHECKOUT_STEPS
    return {
        "returning": rates["returning"],
        "add_to_basket": rates["basket"],
        "checkout_abandonment": 1 - finish,
        "cart_abandonment": 1 - rates["checkout"] * finish,
    }


def tolerance(rate, sample):
    """Three standard errors of a share ``rate`` measured over ``sample`` trials: a
    seeded run lands inside it unless the simulation does not do what it says."""
    return 3 * math.sqrt(rate * (1 - rate) / sample) if sample else 1.0


def measured_rates(steps, traffic):
    """The same figures from the report: ``report.funnel`` steps and ``report.traffic``."""
    sessions = {step["step"]: step["sessions"] for step in steps}
    viewed, added = sessions["product_view"], sessions["basket_add"]
    started, ordered = sessions["checkout_start"], sessions["order_placed"]
    return {
        "returning": (traffic["returning"] / traffic["visits"], traffic["visits"]),
        "add_to_basket": (added / viewed if viewed else 0, viewed),
        "checkout_abandonment": (1 - ordered / started if started else 0, started),
        "cart_abandonment": (1 - ordered / added if added else 0, added),
    }
