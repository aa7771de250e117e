"""A stock Oscar shop's URLs plus the installed plugin's, as the README says."""

from django.apps import apps
from django.urls import include, path

urlpatterns = []
if apps.is_installed("recommendations"):
    urlpatterns.append(path("recommendations/", include("recommendations.urls")))
if apps.is_installed("reviews"):
    urlpatterns.append(path("", include("reviews.urls")))
if apps.is_installed("funnel"):
    urlpatterns.append(path("", include("funnel.urls")))
urlpatterns += [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include(apps.get_app_config("oscar").urls[0])),
]
