from django.urls import path
from oscar.apps.dashboard.reviews import apps


class ReviewsDashboardConfig(apps.ReviewsDashboardConfig):
    """Oscar's review moderation, forked (label ``reviews_dashboard``): merchant
    replies, abuse reports, unanswered questions and per-product statistics.

    Every view is an attribute set in ``ready()``, so a shop swaps one by
    subclassing this config, as with Oscar's own dashboard apps.
    """

    name = "reviews.dashboard"

    def configure_permissions(self):
        super().configure_permissions()
        staff = ["is_staff"]
        self.permissions_map.update({
            "reviews-reported": staff, "reviews-questions": staff,
            "reviews-question-answer": staff, "reviews-stats": staff,
        })

    def ready(self):
        from oscar.apps.dashboard.reviews import views as oscar_views

        from . import views

        self.list_view = views.ReviewListView
        self.update_view = views.ReviewUpdateView
        self.delete_view = oscar_views.ReviewDeleteView
        self.question_list_view = views.QuestionListView
        self.answer_view = views.AnswerQuestionView
        self.stats_view = views.ProductStatsView
        self.configure_permissions()

    def get_urls(self):
        urls = [
            path("", self.list_view.as_view(), name="reviews-list"),
            path("reported/", self.list_view.as_view(reported_only=True),
                 name="reviews-reported"),
            path("<int:pk>/", self.update_view.as_view(), name="reviews-update"),
            path("<int:pk>/delete/", self.delete_view.as_view(), name="reviews-delete"),
            path("questions/", self.question_list_view.as_view(), name="reviews-questions"),
            path("questions/<int:pk>/answer/", self.answer_view.as_view(),
                 name="reviews-question-answer"),
            path("statistics/", self.stats_view.as_view(), name="reviews-stats"),
        ]
        return self.post_process_urls(urls)
