"""A shop that forgot to include the funnel's URLs (for funnel.E011)."""

from django.apps import apps
from django.urls import include, path

urlpatterns = [path("", include(apps.get_app_config("oscar").urls[0]))]
