"""Staff side of social proof: moderate, reply, handle reports, answer questions."""

import csv

from django import forms
from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import ListView
from django_tables2 import SingleTableView
from oscar.apps.dashboard.reviews import forms as oscar_forms
from oscar.apps.dashboard.reviews import views as oscar_views
from oscar.core.loading import get_model

from .. import services
from ..forms import AnswerForm
from ..views import flash_errors
from .tables import ReviewStatsTable

ProductReview = get_model("reviews", "ProductReview")
ReviewReport = get_model("reviews", "ReviewReport")
ProductQuestion = get_model("reviews", "ProductQuestion")
ProductAnswer = get_model("reviews", "ProductAnswer")
Product = get_model("catalogue", "Product")


class ReviewForm(oscar_forms.DashboardProductReviewForm):
    merchant_reply = forms.CharField(
        label="Public reply from the shop", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown under the review on the product page.")

    class Meta(oscar_forms.DashboardProductReviewForm.Meta):
        fields = ("title", "body", "score", "status", "merchant_reply")

    def save(self, commit=True):
        review = super().save(commit=False)
        if "merchant_reply" in self.changed_data:
            review.merchant_reply_date = timezone.now() if review.merchant_reply else None
        if commit:
            review.save()
        return review


class ReviewListView(oscar_views.ReviewListView):
    """Oscar's moderation queue; ``reported_only`` lists reviews with open reports."""

    reported_only = False
    review_form_class = oscar_forms.DashboardProductReviewForm
    template_name = "reviews/dashboard/review_list.html"

    def get_queryset(self):
        reviews = super().get_queryset().select_related("user", "product").annotate(
            open_reports=Count("reports", filter=Q(reports__resolved=False)))
        if self.reported_only:
            reviews = reviews.filter(open_reports__gt=0).order_by("-open_reports")
            self.desc_template = "Reviews with open abuse reports"
        return reviews


class ReviewUpdateView(oscar_views.ReviewUpdateView):
    form_class = ReviewForm
    template_name = "reviews/dashboard/review_update.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reports"] = self.object.reports.select_related("user").order_by("-date_created")
        return context

    def form_valid(self, form):
        services.resolve_reports(self.object)
        return super().form_valid(form)


class QuestionListView(ListView):
    """Questions nobody has answered yet, oldest first."""

    template_name = "reviews/dashboard/question_list.html"
    context_object_name = "questions"
    paginate_by = 25

    def get_queryset(self):
        answered = ProductAnswer.objects.filter(question=OuterRef("pk"))
        return (ProductQuestion.objects.annotate(answered=Exists(answered))
                .filter(answered=False).select_related("product", "user")
                .order_by("date_created"))


class AnswerQuestionView(View):
    """Staff answer a question from the queue, under the storefront's rules
    (``AnswerForm`` limits, ``services.answer_question``)."""

    def post(self, request, pk):
        question = get_object_or_404(ProductQuestion.objects.select_related("product"), pk=pk)
        form = AnswerForm(request.POST, user=request.user)
        if form.is_valid():
            services.answer_question(question, request.user, form.cleaned_data["text"])
            messages.success(request, "Answer published on the product page.")
        else:
            flash_errors(request, form)
        return redirect("dashboard:reviews-questions")


class ProductStatsView(SingleTableView):
    """Per-product review statistics, from the stored summaries: sortable by any
    column (``?sort=``), and the whole sorted table as CSV (``?format=csv``)."""

    template_name = "reviews/dashboard/product_stats.html"
    table_class = ReviewStatsTable
    table_pagination = {"per_page": 50}

    def get_table_pagination(self, table):
        return False if self.wants_csv() else super().get_table_pagination(table)

    def wants_csv(self):
        return self.request.GET.get("format") == "csv"

    def render_to_response(self, context, **kwargs):
        if not self.wants_csv():
            return super().render_to_response(context, **kwargs)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="review-statistics-{timezone.localdate():%Y-%m-%d}.csv"')
        csv.writer(response).writerows(context["table"].as_values())
        return response

    def get_queryset(self):
        pending = ProductReview.objects.filter(product=OuterRef("pk"),
                                               status=ProductReview.FOR_MODERATION)
        return (Product.objects.filter(Q(rating_summary__count__gt=0) | Exists(pending))
                .select_related("rating_summary")
                .annotate(
                    pending=Count("reviews", filter=Q(
                        reviews__status=ProductReview.FOR_MODERATION), distinct=True),
                    reports=Count("reviews__reports", filter=Q(
                        reviews__reports__resolved=False), distinct=True),
                    unanswered=Count("questions", filter=Q(questions__answers__isnull=True),
                                     distinct=True))
                .order_by("-rating_summary__count", "title"))
