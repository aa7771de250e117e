from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    """Double opt-in subscriptions and newsletter issues composed in Wagtail, sent
    through the mail app (its deliveries, its one-click unsubscribe)."""

    name = "shop.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete

        from shop.mail import lists

        from . import checks, receivers  # noqa: F401 - checks register on import
        from .models import NewsletterIssue, Subscriber
        from .subscriptions import NewsletterList

        lists.register(NewsletterList("newsletter", "newsletters", kinds=("newsletter",)))
        post_delete.connect(receivers.forget_subscriber, sender=Subscriber,
                            dispatch_uid="newsletter.forget_subscriber")
        post_delete.connect(receivers.forget_issue, sender=NewsletterIssue,
                            dispatch_uid="newsletter.forget_issue")
