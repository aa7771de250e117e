"""Oscar's dashboard, forked only to mount this project's dashboard sections."""

from django.apps import apps
from django.urls import include, path
from oscar.apps.dashboard import apps as oscar_dashboard


class DashboardConfig(oscar_dashboard.DashboardConfig):
    name = "shop.dashboard"

    # Dashboard apps of this project, mounted as Oscar mounts its own.
    extra_sections = {"recommendations/": "recommendations_dashboard",
                      "funnel/": "funnel_dashboard"}

    def get_urls(self):
        urls = super().get_urls()
        for prefix, label in self.extra_sections.items():
            urls.append(path(prefix, include(apps.get_app_config(label).urls[0])))
        return self.post_process_urls(urls)
