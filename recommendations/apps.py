from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    """Complementary products mined from the shop's own orders."""

    name = "recommendations"
    verbose_name = "Recommendations"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from . import checks, receivers  # noqa: F401
