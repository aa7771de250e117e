"""A stock Oscar shop with the recommendations plugin, set up as the README says."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, MIDDLEWARE, OSCAR_DASHBOARD_NAVIGATION, TEMPLATES

INSTALLED_APPS = [*INSTALLED_APPS, "recommendations.apps.RecommendationsConfig",
                  "recommendations.dashboard.apps.RecommendationsDashboardConfig"]
# The A/B holdout keeps each visitor in their arm.
MIDDLEWARE = [*MIDDLEWARE, "recommendations.holdout.HoldoutMiddleware"]
# The storefront blocks: {% bought_together product %} and {% complete_your_order %}.
TEMPLATES[0]["DIRS"] = [Path(__file__).parent / "templates" / "recommendations"]
OSCAR_DASHBOARD_NAVIGATION = [*OSCAR_DASHBOARD_NAVIGATION, {
    "label": "Recommendations", "icon": "fas fa-magic",
    "children": [{"label": "Bought together", "url_name": "dashboard:recommendations-index"}]}]
