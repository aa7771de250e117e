from django.apps import AppConfig


class FunnelConfig(AppConfig):
    """Server-side, privacy-first funnel tracking: events, rollups, reports."""

    name = "funnel"
    label = "funnel"
    verbose_name = "Funnel"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from . import checks, receivers  # noqa: F401

        receivers.connect_plugins()
