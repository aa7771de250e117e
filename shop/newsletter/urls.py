from django.urls import path

from . import views

app_name = "newsletter"
urlpatterns = [
    path("newsletter/", views.SubscribeView.as_view(), name="subscribe"),
    path("newsletter/confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("newsletter/<int:pk>/", views.issue, name="issue"),
]
