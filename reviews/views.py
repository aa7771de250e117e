"""Storefront views: write (or edit) a review, vote, report, browse, ask, answer."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.generic import ListView
from oscar.apps.catalogue.reviews import views as oscar_views
from oscar.apps.catalogue.reviews.signals import review_added
from oscar.core.loading import get_model

from . import services, signals, tokens
from .clients import client_hash
from .forms import (
    AnswerForm,
    ProductReviewForm,
    QuestionForm,
    ReportForm,
    SortReviewsForm,
    VoteForm,
)

Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")
ProductQuestion = get_model("reviews", "ProductQuestion")


def flash_errors(request, form):
    """A redirecting view's form errors, as messages on the page it lands on."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _product(kwargs):
    return get_object_or_404(Product, pk=kwargs["product_pk"], is_public=True)


class CreateProductReview(View):
    """Write a review, or edit yours: one review per customer and product.

    The author is the signed-in customer, or the customer a review-request
    link speaks for (a signed token scoped to this one product). The link writes
    a review once; editing it takes the author signed in.
    """

    template_name = "reviews/review_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.product = _product(kwargs)
        self.author = self._author(request)
        if self.author is None:
            messages.warning(request, "Sign in to review this product.")
            return redirect(self.product.get_absolute_url())
        self.existing = ProductReview.objects.filter(product=self.product,
                                                     user=self.author).first()
        if self.existing is not None and not request.user.is_authenticated:
            # A mailed link writes one review; a forwarded or leaked one must not
            # rewrite it. Editing needs the author, signed in.
            messages.info(request, "You have reviewed this product already: sign in to "
                                   "edit your review.")
            return redirect_to_login(request.path)
        return super().dispatch(request, *args, **kwargs)

    def _author(self, request):
        if request.user.is_authenticated:
            return request.user
        token = request.POST.get("token") or request.GET.get("token")
        user_id = tokens.read_review_token(token, self.product.pk) if token else None
        self.token = token if user_id else None
        return get_user_model().objects.filter(pk=user_id, is_active=True).first()

    def form(self, data=None):
        return ProductReviewForm(self.product, data, instance=self.existing, user=self.author,
                                 client_hash=client_hash(self.request))

    def get(self, request, *args, **kwargs):
        return self.render(self.form())

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        review = services.save_review(form.save(commit=False), self.author,
                                      client_hash(request))
        review_added.send(sender=self, review=review, user=self.author, request=request,
                          response=None)
        messages.success(request, "Thank you for reviewing this product."
                         if review.is_approved else
                         "Thank you: your review will appear once we have checked it.")
        return redirect(self.product.get_absolute_url())

    def render(self, form, status=200):
        return render(self.request, self.template_name, {
            "form": form, "product": self.product, "token": getattr(self, "token", None),
            "editing": self.existing is not None}, status=status)


class AddVoteView(oscar_views.AddVoteView):
    """Oscar's vote view with the database's word on "once": a double click
    that races past the form check still counts one vote."""

    def post(self, request, *args, **kwargs):
        product = _product(self.kwargs)
        review = get_object_or_404(ProductReview, pk=self.kwargs["pk"], product=product)
        form = VoteForm(review, request.user, request.POST)
        if form.is_valid():
            if services.save_once(form) is not None:
                messages.success(request, "Thanks for voting!")
            else:
                messages.error(request, "You can only vote once on a review.")
        else:
            flash_errors(request, form)
        return redirect(product.get_absolute_url() + "#reviews")


class ProductReviewList(ListView):
    """All approved reviews, filterable by stars and verified purchase."""

    template_name = "reviews/review_list.html"
    context_object_name = "reviews"
    paginate_by = 20

    def get_queryset(self):
        self.product = _product(self.kwargs)
        self.form = SortReviewsForm(self.request.GET or None)
        reviews = ProductReview.objects.approved().filter(product=self.product).select_related(
            "user")
        return self.form.filter(reviews) if self.request.GET else reviews.order_by(
            *SortReviewsForm.ORDERING[SortReviewsForm.HELPFUL])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(product=self.product, form=self.form,
                       summary=services.summaries([self.product.pk]).get(self.product.pk))
        return context


class ProductReviewDetail(oscar_views.ProductReviewDetail):
    """One approved review, shown as on the product page (first name and initial)."""

    template_name = "reviews/review_detail.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "reviews": [self.object]}

    def get_queryset(self):
        return ProductReview.objects.approved().filter(product_id=self.kwargs["product_pk"])


class ReportReviewView(View):
    template_name = "reviews/report_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.product = _product(kwargs)
        self.review = get_object_or_404(ProductReview.objects.approved(), pk=kwargs["pk"],
                                        product=self.product)
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        return ReportForm(data, review=self.review, user=self.request.user,
                          client_hash=client_hash(self.request))

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, {"form": self.form(), "review": self.review,
                                                    "product": self.product})

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {
                "form": form, "review": self.review, "product": self.product}, status=400)
        report = services.save_once(form)
        if report is None:
            messages.info(request, "You have already reported this review.")
        else:
            signals.review_reported.send(sender=type(self), report=report, request=request)
            messages.success(request, "Thank you: our team will look at this review.")
        return redirect(self.product.get_absolute_url() + "#reviews")


class AskQuestionView(View):
    def post(self, request, *args, **kwargs):
        product = _product(kwargs)
        if not request.user.is_authenticated:
            messages.warning(request, "Sign in to ask a question.")
            return redirect(product.get_absolute_url())
        form = QuestionForm(request.POST, product=product, user=request.user,
                            client_hash=client_hash(request))
        if form.is_valid():
            question = form.save()
            signals.question_asked.send(sender=type(self), question=question, request=request)
            messages.success(request, "Thanks! We will answer your question here.")
        else:
            flash_errors(request, form)
        return redirect(product.get_absolute_url() + "#questions")


class AnswerQuestionView(View):
    """Staff and customers who bought the product may answer (``services.may_answer``)."""

    def post(self, request, *args, **kwargs):
        product = _product(kwargs)
        question = get_object_or_404(ProductQuestion, pk=kwargs["pk"], product=product)
        if not services.may_answer(request.user, product):
            messages.warning(request, "Only our staff and customers who bought this product "
                                      "can answer.")
            return redirect(product.get_absolute_url() + "#questions")
        form = AnswerForm(request.POST, user=request.user)
        if form.is_valid():
            services.answer_question(question, request.user, form.cleaned_data["text"])
            messages.success(request, "Thank you for your answer.")
        else:
            flash_errors(request, form)
        return redirect(product.get_absolute_url() + "#questions")


class TopRatedView(ListView):
    """Products by Bayesian average: many good reviews beat one perfect one."""

    template_name = "reviews/top_rated.html"
    context_object_name = "products"
    paginate_by = 20

    def get_queryset(self):
        return services.top_rated(Product.objects.browsable().base_queryset()
                                  .prefetch_related("categories"))


class UnsubscribeView(View):
    """The link in every review request: confirm, then never ask this address again."""

    template_name = "reviews/unsubscribe.html"

    def get(self, request, token):
        email = tokens.read_unsubscribe_token(token)
        if not email:
            return render(request, self.template_name, {"invalid": True}, status=404)
        return render(request, self.template_name, {"email": email})

    def post(self, request, token):
        email = tokens.read_unsubscribe_token(token)
        if not email:
            return render(request, self.template_name, {"invalid": True}, status=404)
        services.opt_out_of_requests(email)
        return render(request, self.template_name, {"email": email, "done": True})
