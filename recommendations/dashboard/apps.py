from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig


class RecommendationsDashboardConfig(OscarDashboardConfig):
    """Mined "bought together" pairs: evidence, pins and blocks, for staff."""

    label = "recommendations_dashboard"
    name = "recommendations.dashboard"
    verbose_name = _("Recommendations dashboard")
    default_permissions = ["is_staff"]

    def ready(self):
        from . import views

        self.list_view = views.ProductListView
        self.detail_view = views.ProductComplementsView
        self.override_view = views.OverrideView
        self.remove_override_view = views.RemoveOverrideView

    def get_urls(self):
        urls = [
            path("", self.list_view.as_view(), name="recommendations-index"),
            path("<int:pk>/", self.detail_view.as_view(), name="recommendations-product"),
            path("<int:pk>/override/", self.override_view.as_view(),
                 name="recommendations-override"),
            path("<int:pk>/override/<int:override_pk>/remove/",
                 self.remove_override_view.as_view(), name="recommendations-remove-override"),
        ]
        return self.post_process_urls(urls)
