from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the shop in production: its periodic jobs and their schedule."""

    name = "shop.operations"
    label = "operations"
    verbose_name = "Operations"
