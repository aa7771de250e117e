from django.contrib.auth.decorators import login_required
from django.urls import path
from oscar.apps.catalogue.reviews import apps


class ReviewsConfig(apps.CatalogueReviewsConfig):
    """Oscar's reviews app, forked (label ``reviews``) for social proof.

    ``get_class("catalogue.reviews.views", …)`` resolves through the catalogue
    app, not this one, so the views are loaded here directly. Each is an
    attribute set in ``ready()``, so a shop swaps one by subclassing this config.
    """

    name = "reviews"

    def ready(self):
        from . import checks, receivers, views  # noqa: F401

        self.detail_view = views.ProductReviewDetail
        self.create_view = views.CreateProductReview
        self.vote_view = views.AddVoteView
        self.list_view = views.ProductReviewList
        self.report_view = views.ReportReviewView
        self.ask_view = views.AskQuestionView
        self.answer_view = views.AnswerQuestionView

    def get_urls(self):
        urls = [
            path("<int:pk>/", self.detail_view.as_view(), name="reviews-detail"),
            path("add/", self.create_view.as_view(), name="reviews-add"),
            path("<int:pk>/vote/", login_required(self.vote_view.as_view()),
                 name="reviews-vote"),
            path("<int:pk>/report/", self.report_view.as_view(), name="reviews-report"),
            path("questions/ask/", self.ask_view.as_view(), name="questions-ask"),
            path("questions/<int:pk>/answer/", self.answer_view.as_view(),
                 name="questions-answer"),
            path("", self.list_view.as_view(), name="reviews-list"),
        ]
        return self.post_process_urls(urls)
