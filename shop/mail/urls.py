from django.urls import path

from . import views

app_name = "mail"
urlpatterns = [
    path("mail/unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
