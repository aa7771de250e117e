"""Subscribers (an address and consent timestamps, nothing else) and newsletter
issues composed in Wagtail; each issue's deliveries are the mail app's."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField
from wagtail.models import PreviewableMixin

from shop.content.blocks import ProductStreamBlock
from shop.mail.models import Delivery

KIND = "newsletter"  # the mail app's delivery kind of an issue


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        """Subscribers who confirmed and have not unsubscribed since."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscriber(models.Model):
    """One address. Consent is the confirmation: ``confirmed_at`` is when the owner
    of the address clicked the link; an unsubscribe is kept as a timestamp."""

    email = models.EmailField(unique=True, help_text=_("Stored in lower case."))
    requested_at = models.DateTimeField(help_text=_("Last confirmation mail sent."))
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        constraints = [models.CheckConstraint(condition=Q(email=models.functions.Lower("email")),
                                              name="newsletter_subscriber_email_lower")]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None

    @property
    def state(self):
        if self.unsubscribed_at:
            return _("Unsubscribed")
        return _("Subscribed") if self.confirmed_at else _("Waiting for confirmation")


class NewsletterIssue(PreviewableMixin, models.Model):
    """A newsletter, composed with the same blocks as guides; sent once."""

    subject = models.CharField(max_length=150)
    preheader = models.CharField(max_length=200, blank=True,
                                 help_text=_("The line mail apps show after the subject."))
    body = StreamField(ProductStreamBlock(), blank=True)
    date_created = models.DateTimeField(auto_now_add=True)
    sending_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False,
                                   help_text=_("When the last delivery went out."))

    mail_kind = KIND

    class Meta:
        ordering = ["-date_created"]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("newsletter:issue", args=[self.pk])

    @property
    def campaign(self):
        """The key that groups this issue's mails, clicks and orders in the funnel."""
        return f"newsletter-{self.pk}"

    def deliveries(self):
        return Delivery.objects.filter(kind=KIND, mail_id=self.pk)

    @property
    def status(self):
        if self.sent_at:
            return _("Sent")
        return _("Sending") if self.sending_started_at else _("Draft")

    def get_preview_template(self, request, mode_name):
        return "newsletter/mail/issue.html"

    def get_preview_context(self, request, mode_name):
        from .rendering import render_body

        return {"issue": self, "body": render_body(self, request), "preview": True,
                "unsubscribe_url": "#", "pixel_url": ""}

