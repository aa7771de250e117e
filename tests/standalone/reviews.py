"""A stock Oscar shop with the reviews plugin (Oscar's reviews app, forked), set up as
the README says."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, OSCAR_DASHBOARD_NAVIGATION, TEMPLATES

FORKED = {
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig": "reviews.apps.ReviewsConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig":
        "reviews.dashboard.apps.ReviewsDashboardConfig",
}
INSTALLED_APPS = [FORKED.get(app, app) for app in INSTALLED_APPS]
OSCAR_ALLOW_ANON_REVIEWS = False
# The product page's blocks: rating summary, purchase count, reviews, questions.
TEMPLATES[0]["DIRS"] = [Path(__file__).parent / "templates" / "reviews"]
OSCAR_DASHBOARD_NAVIGATION = [*OSCAR_DASHBOARD_NAVIGATION, {
    "label": "Social proof", "icon": "fas fa-star",
    "children": [{"label": "Unanswered questions", "url_name": "dashboard:reviews-questions"},
                 {"label": "Review statistics", "url_name": "dashboard:reviews-stats"}]}]
