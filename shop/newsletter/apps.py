from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    """Double opt-in subscriptions and newsletter issues composed in Wagtail, sent
    through the mail app (its deliveries, its one-click unsubscribe)."""

    name = "shop.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from shop.mail import lists

        from .subscriptions import NewsletterList

        lists.register(NewsletterList("newsletter", "newsletters", kinds=("newsletter",)))
