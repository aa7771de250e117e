"""The reviews app's settings, each read at call time as ``REVIEWS_<NAME>``.

Oscar's ``OSCAR_MODERATE_REVIEWS`` still decides whether a new or edited review
waits for a moderator. ``OSCAR_ALLOW_ANON_REVIEWS`` only decides whether
Oscar's templates offer visitors the review link (``Product.is_review_permitted``):
the review form itself always needs a signed-in customer or a signed
review-request link, whatever that setting says.
"""

from django.conf import settings

DEFAULTS = {
    # "N bought in the last DAYS days" is shown only when N >= MIN, so no
    # single customer can be singled out.
    "PURCHASE_COUNT_MIN": 5,
    "PURCHASE_COUNT_DAYS": 30,
    # Seconds a product's purchase count is cached (an order placed or cancelled
    # refreshes it at once); at most 3600, so no count shown is over an hour old.
    "PURCHASE_COUNT_CACHE_SECONDS": 900,
    # Seconds a product page's reviews and questions are cached at most: every
    # review, vote, moderation, question and answer refreshes them at once.
    "PROOF_CACHE_SECONDS": 3600,
    # Bayesian average: this many pseudo-reviews at this score (the scale's middle,
    # fixed so one product's reviews never move another product's figure).
    "BAYES_PRIOR_REVIEWS": 10,
    "BAYES_PRIOR_MEAN": 3.0,
    # z for the Wilson lower bound of "helpful" votes (1.96: 95%).
    "WILSON_Z": 1.96,
    # Posts of each kind (reviews, questions, answers, abuse reports) one account, or
    # one client address, may make per hour.
    "RATE_LIMIT_PER_HOUR": 5,
    # Questions mailed to staff one by one per day; beyond it they wait for the
    # daily digest (``mail_question_digest``).
    "QUESTION_MAILS_PER_DAY": 10,
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
    # Dotted path to the callable ``send_review_requests`` runs (``now=None,
    # dry_run=False`` -> an outcome with ``sent``, ``skipped``, ``failed``): a
    # project with its own outbound mail (shared lists, one delivery queue) sends
    # the requests its way, reusing ``due_orders``, ``products_to_review`` and
    # ``send_request``.
    "REQUEST_SENDER": "reviews.requests.send_review_requests",
    # Days the "write a review" link in a request mail keeps working.
    "REVIEW_LINK_MAX_AGE_DAYS": 60,
    # The shop's public URL ("https://shop.example") that links in mails start
    # with; unset, the current Site's domain is used (see ``base_url``).
    "BASE_URL": None,
}


def get(name):
    return getattr(settings, f"REVIEWS_{name}", DEFAULTS[name])


def base_url():
    """The shop's public URL without a trailing slash, for links sent by mail.

    ``BASE_URL`` when set; otherwise the current ``django.contrib.sites`` Site
    (which Oscar requires), over https unless ``DEBUG``: a mail has no request
    to take the host from.
    """
    url = get("BASE_URL")
    if url:
        return url.rstrip("/")
    from django.contrib.sites.models import Site  # conf stays importable before apps load

    scheme = "http" if settings.DEBUG else "https"
    return f"{scheme}://{Site.objects.get_current().domain}"
