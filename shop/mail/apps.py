from django.apps import AppConfig


class MailConfig(AppConfig):
    """The shop's outbound mail: lists and opt-outs, one-click unsubscribe, the
    claim-then-send delivery and the automated mails (basket reminders, review
    requests). The funnel measures these mails; this app sends them."""

    name = "shop.mail"
    label = "mail"
    verbose_name = "Mail"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import automated, lists, site

        post_migrate.connect(site.follow_base_url, sender=self,
                             dispatch_uid="mail.site_follows_base_url")

        lists.register(lists.OptOutList(
            "review_requests", "requests to review what you bought",
            kinds=(automated.ReviewRequests.kind,), model="reviews.ReviewMailOptOut"))
        lists.register(lists.OptOutList(
            "basket_reminders", "reminders about your basket",
            kinds=(automated.BasketReminders.kind,)))
