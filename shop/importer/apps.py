from django.apps import AppConfig


class ImporterConfig(AppConfig):
    """Loads the UCI Online Retail order history into Oscar's own models."""

    name = "shop.importer"
    label = "importer"
    verbose_name = "Order history import"
