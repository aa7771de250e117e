from django.urls import path
from oscar.apps.dashboard.reviews import apps


class ReviewsDashboardConfig(apps.ReviewsDashboardConfig):
    """Oscar's review moderation, forked (label ``reviews_dashboard``): merchant
    replies, abuse reports, unanswered questions and per-product statistics."""

    name = "reviews.dashboard"

    def configure_permissions(self):
        super().configure_permissions()
        staff = ["is_staff"]
        self.permissions_map.update({
            "reviews-reported": staff, "reviews-questions": staff,
            "reviews-question-answer": staff, "reviews-stats": staff,
        })

    def ready(self):
        from . import views

        self.views = views
        self.list_view = views.ReviewListView
        self.update_view = views.ReviewUpdateView
        self.delete_view = views.ReviewDeleteView
        self.configure_permissions()

    def get_urls(self):
        views = self.views
        urls = [
            path("", self.list_view.as_view(), name="reviews-list"),
            path("reported/", self.list_view.as_view(reported_only=True),
                 name="reviews-reported"),
            path("<int:pk>/", self.update_view.as_view(), name="reviews-update"),
            path("<int:pk>/delete/", self.delete_view.as_view(), name="reviews-delete"),
            path("questions/", views.QuestionListView.as_view(), name="reviews-questions"),
            path("questions/<int:pk>/answer/", views.AnswerQuestionView.as_view(),
                 name="reviews-question-answer"),
            path("statistics/", views.ProductStatsView.as_view(), name="reviews-stats"),
        ]
        return self.post_process_urls(urls)
