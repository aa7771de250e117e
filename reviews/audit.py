"""Recompute every social-proof figure from raw orders, reviews and votes.

Used by ``manage.py recompute_social_proof``: with ``fix`` the stored figures
are rewritten; either way every mismatch is reported, so a shown number is
never a constant or a guess.
"""

from collections import defaultdict
from datetime import timedelta

from django.utils import timezone
from oscar.core.loading import get_model

from sales import stats
from sales.queries import bought_lines, cancelled_statuses

from . import cached, conf, services

Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")
RatingSummary = get_model("reviews", "RatingSummary")
Vote = get_model("reviews", "Vote")

SUMMARY_FIELDS = ("count", "average", "bayesian", "verified_count",
                  "stars_1", "stars_2", "stars_3", "stars_4", "stars_5")


def audit(fix=False, now=None):
    """Return a list of human-readable mismatches (after fixing them if ``fix``)."""
    problems = []
    problems += _audit_badges(fix)
    problems += _audit_helpfulness(fix)
    problems += _audit_summaries(fix)
    problems += _audit_purchase_counts(fix, now)
    return problems


def _audit_badges(fix):
    reviews = list(ProductReview.objects.filter(user__isnull=False)
                   .values_list("pk", "user_id", "product_id", "is_verified"))
    bought = set(bought_lines().filter(
        order__user__in={r[1] for r in reviews}, product__in={r[2] for r in reviews})
        .values_list("order__user_id", "product_id").distinct())
    problems = []
    for pk, user_id, product_id, stored in reviews:
        truth = (user_id, product_id) in bought
        if truth != stored:
            problems.append(f"review {pk}: verified badge {stored} should be {truth}")
            if fix:
                ProductReview.objects.filter(pk=pk).update(is_verified=truth)
    anonymous = ProductReview.objects.filter(user__isnull=True, is_verified=True)
    for pk in anonymous.values_list("pk", flat=True):
        problems.append(f"review {pk}: anonymous review marked verified")
    if fix:
        anonymous.update(is_verified=False)
    return problems


def _audit_helpfulness(fix):
    votes = defaultdict(lambda: [0, 0])  # review -> [up, total]
    for review_id, delta in Vote.objects.values_list("review_id", "delta"):
        votes[review_id][1] += 1
        votes[review_id][0] += delta > 0
    problems = []
    z = conf.get("WILSON_Z")
    for review in ProductReview.objects.only("pk", "total_votes", "delta_votes", "helpfulness"):
        up, total = votes.get(review.pk, (0, 0))
        delta = 2 * up - total
        helpful = stats.wilson_lower_bound(up, total, z)
        if (review.total_votes, review.delta_votes) != (total, delta) or abs(
                review.helpfulness - helpful) > 1e-9:
            problems.append(f"review {review.pk}: votes {review.total_votes}/"
                            f"{review.delta_votes} should be {total}/{delta}")
            if fix:
                ProductReview.objects.filter(pk=review.pk).update(
                    total_votes=total, delta_votes=delta, helpfulness=helpful)
    return problems


def _audit_summaries(fix):
    problems = []
    products = set(RatingSummary.objects.values_list("product_id", flat=True)) | set(
        ProductReview.objects.values_list("product_id", flat=True))
    stored = {s.product_id: s for s in RatingSummary.objects.all()}
    ratings = dict(Product.objects.filter(pk__in=products).values_list("pk", "rating"))
    for product_id in sorted(p for p in products if p is not None):
        truth = services.compute_summary(product_id)
        summary = stored.get(product_id)
        shown = {f: getattr(summary, f) for f in SUMMARY_FIELDS} if summary else None
        if shown is None and truth["count"] == 0:
            continue
        if shown != truth:
            problems.append(f"product {product_id}: summary {shown} should be {truth}")
            if fix:
                RatingSummary.objects.update_or_create(product_id=product_id, defaults=truth)
        rating = ratings.get(product_id)
        expected = truth["average"]
        if (rating is None) != (expected is None) or (
                rating is not None and abs(rating - expected) > 1e-4):
            problems.append(f"product {product_id}: star rating {rating} should be {expected}")
            if fix:
                Product.objects.filter(pk=product_id).update(rating=expected)
    return problems


def _audit_purchase_counts(fix, now=None):
    """The counts pages show (``cached``; the live query when checking as of
    ``now``) against a count made line by line from the orders. Fixing forgets
    the cached counts that disagree."""
    checking_past = now is not None
    now = now or timezone.now()
    days = conf.get("PURCHASE_COUNT_DAYS")
    since = now - timedelta(days=days)
    cancelled = cancelled_statuses()
    orders, products = defaultdict(set), set()
    lines = (get_model("order", "Line").objects.filter(
        product__isnull=False, order__date_placed__gte=since)
        .values_list("product_id", "order_id", "status", "order__status"))
    for product_id, order_id, line_status, order_status in lines:
        products.add(product_id)  # cancelled too: a count may still show for it
        if line_status not in cancelled and order_status not in cancelled:
            orders[product_id].add(order_id)
    shown = (services.purchase_counts(products, now=now) if checking_past
             else cached.purchase_counts(products))
    problems, wrong = [], []
    for product_id, ids in orders.items():
        if shown.get(product_id, 0) != len(ids):
            wrong.append(product_id)
            problems.append(f"product {product_id}: shows {shown.get(product_id, 0)} bought "
                            f"in {days} days, orders say {len(ids)}")
    extra = set(shown) - set(orders)
    problems += [f"product {pk}: shows purchases the orders do not hold" for pk in extra]
    if fix:
        cached.forget_purchases([*wrong, *extra])
    return problems


