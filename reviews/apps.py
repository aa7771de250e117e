from django.contrib.auth.decorators import login_required
from django.urls import path
from oscar.apps.catalogue.reviews import apps


class ReviewsConfig(apps.CatalogueReviewsConfig):
    """Oscar's reviews app, forked (label ``reviews``) for social proof.

    ``get_class("catalogue.reviews.views", …)`` resolves through the catalogue
    app, not this one, so the views and forms are loaded here directly.
    """

    name = "reviews"

    def ready(self):
        from . import receivers, views  # noqa: F401

        self.views = views
        self.detail_view = views.ProductReviewDetail
        self.create_view = views.CreateProductReview
        self.vote_view = views.AddVoteView
        self.list_view = views.ProductReviewList

    def get_urls(self):
        views = self.views
        urls = [
            path("<int:pk>/", self.detail_view.as_view(), name="reviews-detail"),
            path("add/", self.create_view.as_view(), name="reviews-add"),
            path("<int:pk>/vote/", login_required(self.vote_view.as_view()),
                 name="reviews-vote"),
            path("<int:pk>/report/", views.ReportReviewView.as_view(), name="reviews-report"),
            path("questions/ask/", views.AskQuestionView.as_view(), name="questions-ask"),
            path("questions/<int:pk>/answer/", views.AnswerQuestionView.as_view(),
                 name="questions-answer"),
            path("", self.list_view.as_view(), name="reviews-list"),
        ]
        return self.post_process_urls(urls)
