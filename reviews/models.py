"""Oscar's review models, extended: verified purchases, helpfulness, replies,
abuse reports, rating summaries, questions and review requests.

Oscar's abstract models are subclassed here; the closing star import registers
Oscar's own versions of anything not overridden (Oscar's forking recipe).
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.reviews.abstract_models import AbstractProductReview, AbstractVote

from sales import stats

from . import conf, proof


class ProductReview(AbstractProductReview):
    is_verified = models.BooleanField(
        _("Verified purchase"), default=False, db_index=True,
        help_text=_("The author has a non-cancelled order line for this product."))
    helpfulness = models.FloatField(
        default=0.0, db_index=True,
        help_text=_("Wilson lower bound of the share of 'helpful' votes."))
    merchant_reply = models.TextField(_("Reply from the shop"), blank=True)
    merchant_reply_date = models.DateTimeField(null=True, blank=True)
    client_hash = models.CharField(max_length=64, blank=True, editable=False,
                                   help_text=_("Keyed hash of the client, for rate limits."))

    class Meta(AbstractProductReview.Meta):
        pass

    def update_totals(self):
        result = self.votes.aggregate(score=Sum("delta"), total_votes=Count("id"))
        self.total_votes = result["total_votes"] or 0
        self.delta_votes = result["score"] or 0
        self.helpfulness = stats.wilson_lower_bound(self.num_up_votes, self.total_votes,
                                                    conf.get("WILSON_Z"))
        self.save(update_fields=["total_votes", "delta_votes", "helpfulness"])

    @property
    def moderation_name(self):
        """Who wrote it, for staff: the account's full name, else its email (Oscar's
        ``reviewer_name`` says "anonymous" for an account without a name)."""
        if self.user_id is None:
            return self.name
        return self.user.get_full_name() or self.user.email or self.user.get_username()

    @property
    def display_name(self):
        """First name and initial only: shown publicly, never the full name or email."""
        return proof.display_name(self.user, self.name)


class Vote(AbstractVote):
    class Meta(AbstractVote.Meta):
        pass


class ReviewReport(models.Model):
    """A shopper's "report abuse"; enough of them hide nothing by themselves:
    staff decide in the moderation queue."""

    SPAM, OFFENSIVE, PERSONAL = "spam", "offensive", "personal"
    OFF_TOPIC, OTHER = "off_topic", "other"
    REASONS = [
        (SPAM, _("Spam or advertising")),
        (OFFENSIVE, _("Offensive or abusive")),
        (PERSONAL, _("Contains personal information")),
        (OFF_TOPIC, _("Not about the product")),
        (OTHER, _("Something else")),
    ]
    review = models.ForeignKey(ProductReview, on_delete=models.CASCADE, related_name="reports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    client_hash = models.CharField(max_length=64, blank=True)
    reason = models.CharField(max_length=16, choices=REASONS)
    details = models.TextField(blank=True, max_length=1000)
    date_created = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], condition=Q(user__isnull=False),
                                    name="reviews_one_report_per_user"),
            models.UniqueConstraint(fields=["review", "client_hash"],
                                    condition=Q(user__isnull=True),
                                    name="reviews_one_report_per_client"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.review}"


class RatingSummary(models.Model):
    """What the shop shows about a product's approved reviews, kept in step by
    ``services.refresh_summary``; ``recompute_social_proof --check`` audits it."""

    product = models.OneToOneField("catalogue.Product", on_delete=models.CASCADE,
                                   primary_key=True, related_name="rating_summary")
    count = models.PositiveIntegerField(default=0)
    average = models.FloatField(null=True, blank=True)
    bayesian = models.FloatField(null=True, blank=True, db_index=True)
    stars_1 = models.PositiveIntegerField(default=0)
    stars_2 = models.PositiveIntegerField(default=0)
    stars_3 = models.PositiveIntegerField(default=0)
    stars_4 = models.PositiveIntegerField(default=0)
    stars_5 = models.PositiveIntegerField(default=0)
    verified_count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.product_id}: {self.count} reviews, {self.average}"

    @property
    def histogram(self):
        """[(stars, count, percent)] from 5 down to 1."""
        rows = []
        for stars in (5, 4, 3, 2, 1):
            count = getattr(self, f"stars_{stars}")
            rows.append((stars, count, round(100 * count / self.count) if self.count else 0))
        return rows


class ProductQuestion(models.Model):
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE,
                                related_name="questions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="product_questions")
    text = models.TextField(max_length=1000)
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    date_created = models.DateTimeField(auto_now_add=True)
    is_public = models.BooleanField(default=True)
    staff_mailed_at = models.DateTimeField(
        null=True, blank=True, editable=False,
        help_text=_("When staff were told about it (its own mail, or the daily digest)."))

    class Meta:
        ordering = ["-date_created"]

    def __str__(self):
        return self.text[:60]


class ProductAnswer(models.Model):
    question = models.ForeignKey(ProductQuestion, on_delete=models.CASCADE,
                                 related_name="answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="product_answers")
    text = models.TextField(max_length=2000)
    by_staff = models.BooleanField(default=False)
    by_verified_buyer = models.BooleanField(default=False)
    date_created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-by_staff", "date_created"]

    def __str__(self):
        return self.text[:60]


class ReviewRequest(models.Model):
    """One per order, claimed before the mail goes out, so no order is asked twice."""

    order = models.OneToOneField("order.Order", on_delete=models.CASCADE,
                                 related_name="review_request")
    email = models.EmailField()
    products = models.PositiveIntegerField(default=0)
    date_sent = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Review request for order {self.order_id}"


class ReviewMailOptOut(models.Model):
    """An address that asked for no more review requests (the unsubscribe link)."""

    email = models.EmailField(unique=True)
    date_created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.email


from oscar.apps.catalogue.reviews.models import *  # noqa: E402,F403
