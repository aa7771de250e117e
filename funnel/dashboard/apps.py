from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig


class FunnelDashboardConfig(OscarDashboardConfig):
    """The Funnel report and the suggestion outcomes in Oscar's dashboard (staff only)."""

    label = "funnel_dashboard"
    name = "funnel.dashboard"
    verbose_name = _("Funnel dashboard")
    default_permissions = ["is_staff"]

    def ready(self):
        from . import views

        self.report_view = views.FunnelReportView
        self.suggestions_view = views.SuggestionOutcomesView

    def get_urls(self):
        return self.post_process_urls([
            path("", self.report_view.as_view(), name="funnel-report"),
            path("suggestions/", self.suggestions_view.as_view(), name="funnel-suggestions"),
        ])
