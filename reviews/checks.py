"""System checks: settings that would break review pages, and mail links that
would point at the wrong host in production.

Every check has its own fixed id, so a ``SILENCED_SYSTEM_CHECKS`` entry keeps
meaning the same thing when checks are added.
"""

from numbers import Real

from django.core.checks import Error, Warning, register

from . import conf


def _integer(value, minimum):
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _number(value):
    return isinstance(value, Real) and not isinstance(value, bool)


# (id, settings involved, rule, test over their values, hint)
RULES = (
    ("reviews.E001", ("PURCHASE_COUNT_MIN",), "must be an integer >= 1",
     lambda n: _integer(n, 1),
     "5 (the default) keeps a single customer's purchase from being pointed at."),
    ("reviews.E002", ("PURCHASE_COUNT_DAYS",), "must be an integer >= 1",
     lambda days: _integer(days, 1), "Count purchases over at least one day; 30 is usual."),
    ("reviews.E003", ("RATE_LIMIT_PER_HOUR",), "must be an integer >= 1",
     lambda n: _integer(n, 1), "With 0 nobody could post a review or a question."),
    ("reviews.E004", ("TITLE_MAX_LENGTH",), "must be an integer from 1 to 255",
     lambda n: _integer(n, 1) and n <= 255,
     "Oscar's review title column holds 255 characters."),
    ("reviews.E005", ("BODY_MIN_LENGTH", "BODY_MAX_LENGTH"),
     "must be integers with 0 <= BODY_MIN_LENGTH < BODY_MAX_LENGTH",
     lambda low, high: _integer(low, 0) and _integer(high, 1) and low < high,
     "Otherwise no review body can pass the form."),
    ("reviews.E006", ("BAYES_PRIOR_REVIEWS",), "must be an integer >= 0",
     lambda n: _integer(n, 0), "0 ranks by the plain average; 10 is the default."),
    ("reviews.E007", ("BAYES_PRIOR_MEAN",), "must be a number from 1 to 5",
     lambda mean: _number(mean) and 1 <= mean <= 5,
     "Reviews score 1 to 5 stars; the middle (3.0) is the default."),
    ("reviews.E008", ("WILSON_Z",), "must be a number > 0",
     lambda z: _number(z) and z > 0, "1.96 is a 95% confidence bound."),
    ("reviews.E009", ("REQUEST_DELAY_DAYS", "REQUEST_MAX_AGE_DAYS"),
     "must be integers with 0 <= REQUEST_DELAY_DAYS < REQUEST_MAX_AGE_DAYS",
     lambda delay, age: _integer(delay, 0) and _integer(age, 1) and delay < age,
     "Otherwise no order is ever due for a review request."),
    ("reviews.E010", ("REQUEST_STATUSES",), "must be a non-empty list of order statuses",
     lambda statuses: isinstance(statuses, list | tuple) and bool(statuses)
     and all(isinstance(s, str) for s in statuses),
     'For example ("Complete",): the statuses after which customers are asked.'),
    ("reviews.E011", ("REVIEW_LINK_MAX_AGE_DAYS",), "must be an integer >= 1",
     lambda days: _integer(days, 1),
     "A review link must outlive the mail it is sent in; 60 is the default."),
    ("reviews.E012", ("PURCHASE_COUNT_CACHE_SECONDS",), "must be an integer from 0 to 3600",
     lambda seconds: _integer(seconds, 0) and seconds <= 3600,
     "Purchase counts shown are at most this old; 900 (the default) is 15 minutes."),
    ("reviews.E013", ("PROOF_CACHE_SECONDS",), "must be an integer >= 0",
     lambda seconds: _integer(seconds, 0),
     "Writes refresh the cached reviews at once; this only bounds what bypasses signals."),
    ("reviews.E014", ("QUESTION_MAILS_PER_DAY",), "must be an integer >= 0",
     lambda n: _integer(n, 0),
     "0 sends only the daily digest (mail_question_digest); 10 is the default."),
)


@register()
def check_settings(app_configs, **kwargs):
    """One Error per broken rule: each would break a page, a form or the mails."""
    errors = []
    for check_id, names, rule, test, hint in RULES:
        values = [conf.get(name) for name in names]
        if not test(*values):
            got = ", ".join(f"REVIEWS_{n}={v!r}" for n, v in zip(names, values, strict=True))
            subject = " and ".join(f"REVIEWS_{n}" for n in names)
            errors.append(Error(f"{subject} {rule} (got {got}).", hint=hint, id=check_id))
    return errors


@register(deploy=True)
def check_base_url(app_configs, **kwargs):
    """Links in review mails must reach the shop's public https address."""
    url = conf.get("BASE_URL")
    if not url:
        return [Warning(
            "REVIEWS_BASE_URL is not set.",
            hint="Set it to the shop's public https URL; until then links in review "
                 "mails fall back to the current Site's domain.",
            id="reviews.W001")]
    if not str(url).startswith("https://"):
        return [Warning(
            f"REVIEWS_BASE_URL ({url}) is not an https URL.",
            hint="Links in review mails carry signed tokens; serve them over https.",
            id="reviews.W002")]
    return []
