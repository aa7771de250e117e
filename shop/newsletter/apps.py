from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    """Double opt-in subscriptions, newsletter issues composed in Wagtail, and the
    one-click unsubscribe every mail of the shop carries."""

    name = "shop.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"
    default_auto_field = "django.db.models.BigAutoField"
