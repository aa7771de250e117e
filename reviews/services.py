"""The reviews app's rules over the ORM: who is a verified buyer, saving a
review, who may answer a question, and loading and keeping social proof in step.

Views and template tags call these; the figures themselves come from ``proof``.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from oscar.apps.catalogue.reviews.utils import get_default_review_status
from oscar.core.loading import get_model

from sales import queries

from . import conf, proof


def has_bought(user, product):
    """True when ``user`` has a non-cancelled order line for ``product``."""
    if user is None or not user.is_authenticated:
        return False
    return queries.bought_lines().filter(order__user=user, product=product).exists()


def save_review(review, author, client_hash):
    """Save ``author``'s review of ``review.product``, new or edited; return the row saved.

    The verified badge comes from the orders, never from the form. A review that
    already exists (it has a pk) is an edit and goes back to Oscar's default
    status, so it is moderated again when ``OSCAR_MODERATE_REVIEWS`` is on. One
    review per customer and product: when a concurrent first review won the
    race to insert, this one is written over it as an edit.
    """
    ProductReview = get_model("reviews", "ProductReview")
    review.user = author
    review.is_verified = has_bought(author, review.product)
    review.client_hash = client_hash
    if review.pk is not None:
        review.status = get_default_review_status()
    try:
        with transaction.atomic():
            review.save()
        return review
    except IntegrityError:
        first = ProductReview.objects.get(product=review.product, user=author)
        first.status = get_default_review_status()
        for field in ("score", "title", "body", "is_verified", "client_hash"):
            setattr(first, field, getattr(review, field))
        first.save()
        return first


def top_rated(products):
    """``products`` that have reviews, best Bayesian average first: many good
    reviews beat one perfect one."""
    return (products.filter(rating_summary__count__gt=0).select_related("rating_summary")
            .order_by("-rating_summary__bayesian", "-rating_summary__count", "pk"))


def may_answer(user, product):
    """Staff, and customers who bought the product, may answer questions about it."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_staff or has_bought(user, product)


def answer_question(question, user, text):
    """Publish ``user``'s answer, badged as the shop's or a verified buyer's.

    Raises ``PermissionDenied`` unless ``user`` may answer (staff, or bought
    the product): the rule holds whichever view calls this.
    """
    ProductAnswer = get_model("reviews", "ProductAnswer")
    by_staff = bool(user.is_authenticated and user.is_staff)
    by_buyer = has_bought(user, question.product)
    if not (by_staff or by_buyer):
        raise PermissionDenied("Only staff and customers who bought the product may answer.")
    return ProductAnswer.objects.create(question=question, user=user, text=text,
                                        by_staff=by_staff, by_verified_buyer=by_buyer)


def purchase_counts(product_ids, days=None, now=None):
    """{product id: distinct orders in the last ``days`` (``PURCHASE_COUNT_DAYS``) days}."""
    return queries.purchase_counts(product_ids, days or conf.get("PURCHASE_COUNT_DAYS"), now=now)


def compute_summary(product_id):
    """The summary figures of one product, from its approved reviews."""
    ProductReview = get_model("reviews", "ProductReview")
    reviews = ProductReview.objects.approved().filter(product_id=product_id)
    agg = reviews.aggregate(
        count=Count("id"), total=Sum("score"),
        verified=Count("id", filter=Q(is_verified=True)),
        **{f"stars_{s}": Count("id", filter=Q(score=s)) for s in range(1, 6)},
    )
    count, total = agg["count"], agg["total"] or 0
    prior = conf.get("BAYES_PRIOR_MEAN")
    return {
        "count": count,
        "average": round(total / count, 4) if count else None,
        "bayesian": (round(proof.bayesian_average(total, count, prior,
                                                  conf.get("BAYES_PRIOR_REVIEWS")), 4)
                     if count else None),
        "verified_count": agg["verified"],
        **{f"stars_{s}": agg[f"stars_{s}"] for s in range(1, 6)},
    }


def refresh_summary(product_id):
    """Recompute and store one product's rating summary."""
    RatingSummary = get_model("reviews", "RatingSummary")
    with transaction.atomic():
        figures = compute_summary(product_id)
        RatingSummary.objects.update_or_create(product_id=product_id, defaults=figures)
    return figures


def summaries(product_ids):
    """{product id: RatingSummary}: one query."""
    RatingSummary = get_model("reviews", "RatingSummary")
    return {s.product_id: s for s in RatingSummary.objects.filter(product_id__in=list(product_ids))}


class Proof:
    """What a shopper reads about other customers of one product."""

    # Set by ``cached.product_proof``: names this state of the figures, so markup
    # made from them can be cached under it.
    version = None

    def __init__(self, summary, purchases):
        self.summary = summary
        self.purchases = purchases
        self.purchase_text = proof.purchase_count_text(
            purchases, conf.get("PURCHASE_COUNT_MIN"), conf.get("PURCHASE_COUNT_DAYS"))

    @property
    def cache_seconds(self):
        """How long markup made from these figures may be cached."""
        return conf.get("PROOF_CACHE_SECONDS") if self.version else 0

    @property
    def count(self):
        return self.summary.count if self.summary else 0

    @property
    def average(self):
        return self.summary.average if self.summary else None


def social_proof(product_ids):
    """{product id: Proof} for any number of products: two queries."""
    ids = set(product_ids)
    found, purchases = summaries(ids), purchase_counts(ids)
    return {pk: Proof(found.get(pk), purchases.get(pk, 0)) for pk in ids}


def product_proof(product, top_reviews=5, purchases=None):
    """A product page's social proof: its ``Proof`` with ``reviews`` (the most
    helpful approved ones) and ``questions`` (answered ones) attached.

    Four queries: summary, purchase count (unless ``purchases`` is given),
    questions, and the reviews only when the summary counts any. Pages read it
    through ``cached.product_proof``.
    """
    ProductReview = get_model("reviews", "ProductReview")
    if purchases is None:
        purchases = purchase_counts([product.pk]).get(product.pk, 0)
    result = Proof(summaries([product.pk]).get(product.pk), purchases)
    result.reviews = list(
        ProductReview.objects.approved().filter(product=product).select_related("user")
        .order_by("-helpfulness", "-date_created")[:top_reviews]) if result.count else []
    result.questions = answered_questions(product)
    return result


def answered_questions(product, limit=5):
    """[(question, [answers])] newest first, in one query (answers joined to questions)."""
    ProductAnswer = get_model("reviews", "ProductAnswer")
    answers = (ProductAnswer.objects.filter(question__product=product, question__is_public=True)
               .select_related("question", "user")
               .order_by("-question__date_created", "-by_staff", "date_created"))
    grouped = {}
    for answer in answers:
        grouped.setdefault(answer.question, []).append(answer)
        if len(grouped) > limit:
            grouped.popitem()
            break
    return list(grouped.items())


def save_once(form):
    """Save a vote or an abuse report: one per person and review, and the database's
    unique constraint decides "once", so a double click or a concurrent post that
    races past the form's own check saves nothing. The saved object, or None."""
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        return None


def resolve_reports(review):
    """Staff acted on ``review`` (moderated or edited it): its open reports are done."""
    return review.reports.filter(resolved=False).update(resolved=True)


def opt_out_of_requests(email):
    """No more review requests to ``email`` (the unsubscribe link)."""
    get_model("reviews", "ReviewMailOptOut").objects.get_or_create(email=email.strip().lower())
