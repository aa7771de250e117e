"""The public forms: strict limits, clear errors, nothing rendered as markup."""

from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from oscar.core.loading import get_model

from . import conf

ProductReview = get_model("reviews", "ProductReview")
ProductQuestion = get_model("reviews", "ProductQuestion")
ProductAnswer = get_model("reviews", "ProductAnswer")
ReviewReport = get_model("reviews", "ReviewReport")
Vote = get_model("reviews", "Vote")


STARS = [(s, f"{s} star{'s' if s > 1 else ''}") for s in range(5, 0, -1)]  # "1 star"


def check_rate(model, user, client, since_field="date_created"):
    """Refuse a post when the account or the client (``clients.client_hash``) posted
    ``RATE_LIMIT_PER_HOUR`` of this kind (reviews, questions, answers, reports) in the
    last hour."""
    limit = conf.get("RATE_LIMIT_PER_HOUR")
    recent = model.objects.filter(**{f"{since_field}__gte": timezone.now() - timedelta(hours=1)})
    who = Q(client_hash=client) if client else Q(pk__in=[])
    if user is not None and user.is_authenticated:
        who |= Q(user=user)
    if recent.filter(who).count() >= limit:
        raise forms.ValidationError(
            f"You have posted {limit} times in the last hour; please try again later.",
            code="rate_limited")


class StarInput(forms.RadioSelect):
    """The rating as five stars to click (``reviews/widgets/stars.html``, styled by
    ``reviews/reviews.css``): still radio buttons, so it works without JavaScript
    and with a keyboard."""

    template_name = "reviews/widgets/stars.html"


class ProductReviewForm(forms.ModelForm):
    score = forms.TypedChoiceField(
        label="Your rating", coerce=int, choices=STARS,
        widget=StarInput, error_messages={
            "required": "Choose a rating from 1 to 5 stars.",
            "invalid_choice": "Choose a rating from 1 to 5 stars."})

    class Meta:
        model = ProductReview
        fields = ("score", "title", "body")

    def __init__(self, product, *args, user=None, client_hash="", **kwargs):
        super().__init__(*args, **kwargs)
        self.product, self.user, self.client_hash = product, user, client_hash
        self.instance.product = product
        self.instance.user = user
        title_max, body_min, body_max = (conf.get("TITLE_MAX_LENGTH"),
                                         conf.get("BODY_MIN_LENGTH"), conf.get("BODY_MAX_LENGTH"))
        self.fields["title"] = forms.CharField(
            label="Title", max_length=title_max,
            widget=forms.TextInput(attrs={"maxlength": title_max, "class": "form-control"}),
            error_messages={"required": "Give your review a title.",
                            "max_length": f"Keep the title under {title_max} characters."})
        self.fields["body"] = forms.CharField(
            label="Your review", min_length=body_min, max_length=body_max,
            widget=forms.Textarea(attrs={"rows": 6, "maxlength": body_max,
                                         "class": "form-control"}),
            error_messages={
                "required": "Write a few words about the product.",
                "min_length": f"Write at least {body_min} characters.",
                "max_length": f"Keep it under {body_max} characters.",
            })

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:  # editing your own review is never rate-limited
            check_rate(ProductReview, self.user, self.client_hash)
        return cleaned


class VoteForm(forms.ModelForm):
    class Meta:
        model = Vote
        fields = ("delta",)

    def __init__(self, review, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.review = review
        self.instance.user = user


class SortReviewsForm(forms.Form):
    HELPFUL, RECENT, HIGHEST, LOWEST = "helpful", "recent", "highest", "lowest"
    ORDERING = {HELPFUL: ("-helpfulness", "-date_created"), RECENT: ("-date_created",),
                HIGHEST: ("-score", "-helpfulness"), LOWEST: ("score", "-helpfulness")}
    sort_by = forms.ChoiceField(required=False, label="Sort by", choices=[
        (HELPFUL, "Most helpful"), (RECENT, "Newest"), (HIGHEST, "Highest rated"),
        (LOWEST, "Lowest rated")])
    stars = forms.TypedChoiceField(required=False, coerce=int, empty_value=None,
                                   label="Stars", choices=[("", "All stars"), *STARS])
    verified = forms.BooleanField(required=False, label="Verified purchases only")

    def filter(self, reviews):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("stars"):
            reviews = reviews.filter(score=data["stars"])
        if data.get("verified"):
            reviews = reviews.filter(is_verified=True)
        return reviews.order_by(*self.ORDERING[data.get("sort_by") or self.HELPFUL])


class ReportForm(forms.ModelForm):
    class Meta:
        model = ReviewReport
        fields = ("reason", "details")
        widgets = {"details": forms.Textarea(attrs={"rows": 3, "maxlength": 1000})}

    def __init__(self, *args, review, user, client_hash, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.review, self.instance.client_hash = review, client_hash
        self.instance.user = user if user.is_authenticated else None
        self.fields["details"].max_length = 1000

    def clean(self):
        cleaned = super().clean()
        existing = ReviewReport.objects.filter(review=self.instance.review)
        mine = (existing.filter(user=self.instance.user) if self.instance.user
                else existing.filter(user=None, client_hash=self.instance.client_hash))
        if mine.exists():
            raise forms.ValidationError("You have already reported this review.")
        check_rate(ReviewReport, self.instance.user, self.instance.client_hash)
        return cleaned


class QuestionForm(forms.ModelForm):
    text = forms.CharField(label="Your question", min_length=10, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
                           error_messages={"min_length": "Ask in at least 10 characters.",
                                           "max_length": "Keep it under 1000 characters.",
                                           "required": "Type your question."})

    class Meta:
        model = ProductQuestion
        fields = ("text",)

    def __init__(self, *args, product, user, client_hash, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.product, self.instance.user = product, user
        self.instance.client_hash = client_hash

    def clean(self):
        cleaned = super().clean()
        check_rate(ProductQuestion, self.instance.user, self.instance.client_hash)
        return cleaned


class AnswerForm(forms.ModelForm):
    text = forms.CharField(label="Your answer", min_length=2, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
                           error_messages={"max_length": "Keep it under 2000 characters.",
                                           "required": "Type your answer."})

    class Meta:
        model = ProductAnswer
        fields = ("text",)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        if not self.user.is_staff:  # the shop's own answers, from the dashboard, are not
            check_rate(ProductAnswer, self.user, None)
        return cleaned
