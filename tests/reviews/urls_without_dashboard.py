"""A shop that mounts the catalogue (and its reviews) but not Oscar's dashboard."""

from django.apps import apps
from django.urls import path

urlpatterns = [path("catalogue/", apps.get_app_config("catalogue").urls)]
