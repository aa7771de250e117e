from django.urls import path

from . import views

urlpatterns = [
    path("top-rated/", views.TopRatedView.as_view(), name="reviews-top-rated"),
    path("reviews/unsubscribe/<str:token>/", views.UnsubscribeView.as_view(),
         name="reviews-unsubscribe"),
]
