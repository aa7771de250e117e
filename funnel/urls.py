from django.urls import path

from . import views

urlpatterns = [
    path("t/o/<str:token>.gif", views.opened, name="funnel-open"),
    path("t/c/<str:token>/", views.clicked, name="funnel-click"),
    path("t/unsubscribe/<str:token>/", views.ReminderUnsubscribeView.as_view(),
         name="funnel-unsubscribe"),
]
