"""Oscar's dashboard, forked (``oscar_fork_app dashboard``) to mount plugin sections,
exactly as the README tells a shop to do."""

from django.apps import apps
from django.urls import include, path
from oscar.apps.dashboard import apps as oscar_dashboard

SECTIONS = {"recommendations/": "recommendations_dashboard", "funnel/": "funnel_dashboard"}


class DashboardConfig(oscar_dashboard.DashboardConfig):
    name = "tests.standalone.dashboard"

    def get_urls(self):
        urls = super().get_urls()
        for prefix, label in SECTIONS.items():
            if apps.is_installed(label.replace("_dashboard", ".dashboard")):
                urls.append(path(prefix, include(apps.get_app_config(label).urls[0])))
        return self.post_process_urls(urls)
