from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("add-all/", views.AddSuggestionsView.as_view(), name="add-all"),
]
