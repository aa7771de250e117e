"""The reviews app's settings, each read at call time as ``REVIEWS_<NAME>``.

Oscar's own ``OSCAR_ALLOW_ANON_REVIEWS`` and ``OSCAR_MODERATE_REVIEWS`` still
decide anonymous reviews (off in this project) and moderation.
"""

from django.conf import settings

DEFAULTS = {
    # "N bought in the last DAYS days" is shown only when N >= MIN_COUNT, so no
    # single customer can be singled out.
    "PURCHASE_COUNT_MIN": 5,
    "PURCHASE_COUNT_DAYS": 30,
    # Bayesian average: this many pseudo-reviews at this score (the scale's middle,
    # fixed so one product's reviews never move another product's figure).
    "BAYES_PRIOR_REVIEWS": 10,
    "BAYES_PRIOR_MEAN": 3.0,
    # z for the Wilson lower bound of "helpful" votes (1.96: 95%).
    "WILSON_Z": 1.96,
    # Reviews one account, or one client, may post per hour.
    "RATE_LIMIT_PER_HOUR": 5,
    # Public form limits.
    "TITLE_MAX_LENGTH": 120,
    "BODY_MIN_LENGTH": 10,
    "BODY_MAX_LENGTH": 5000,
    # Review requests go out this many days after an order reached one of these
    # statuses (its last status change to it; the placing date for imported orders).
    "REQUEST_DELAY_DAYS": 7,
    "REQUEST_STATUSES": ("Complete",),
    # Orders older than this are never asked about.
    "REQUEST_MAX_AGE_DAYS": 60,
}


def get(name):
    return getattr(settings, f"REVIEWS_{name}", DEFAULTS[name])
