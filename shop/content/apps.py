from django.apps import AppConfig


class ContentConfig(AppConfig):
    """Wagtail content pages (guides) served under /content/."""

    name = "shop.content"
    label = "content"
    verbose_name = "Content"

    def ready(self):
        from . import receivers  # noqa: F401
