"""A stock Oscar shop with the funnel plugin, set up as the README says."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, MIDDLEWARE, OSCAR_DASHBOARD_NAVIGATION

INSTALLED_APPS = [*INSTALLED_APPS, "funnel.apps.FunnelConfig",
                  "funnel.dashboard.apps.FunnelDashboardConfig"]
MIDDLEWARE = [*MIDDLEWARE, "funnel.middleware.FunnelMiddleware"]
OSCAR_DASHBOARD_NAVIGATION = [*OSCAR_DASHBOARD_NAVIGATION, {
    "label": "Funnel", "icon": "fas fa-filter", "url_name": "dashboard:funnel-report"}]
