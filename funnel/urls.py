from django.urls import path

from . import views

urlpatterns = [
    path("t/o/<str:token>.gif", views.opened, name="funnel-open"),
    path("t/c/<str:token>/", views.clicked, name="funnel-click"),
]
