"""Who asked for no more mail of a list, and one row per mail and recipient."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OptOut(models.Model):
    """An address that left a list everybody with an account is on (see ``lists``)."""

    list = models.CharField(max_length=40)
    email = models.EmailField(help_text=_("Stored in lower case."))
    date_created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["list", "email"],
                                               name="mail_one_opt_out_per_list")]

    def __str__(self):
        return f"{self.email} left {self.list}"


class Delivery(models.Model):
    """One mail (``kind`` and the id of what it is about: an issue, an order, a
    basket) to one address. Claimed (``sending``) before the mail goes out and
    ``sent`` after, so a second run, or a run after a crash, mails nobody twice."""

    PENDING, SENDING, SENT, FAILED, SKIPPED = "pending", "sending", "sent", "failed", "skipped"
    STATUSES = [(PENDING, _("Pending")), (SENDING, _("Sending")), (SENT, _("Sent")),
                (FAILED, _("Failed")), (SKIPPED, _("Skipped"))]

    kind = models.CharField(max_length=40)
    mail_id = models.PositiveBigIntegerField()
    email = models.EmailField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    date_created = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True,
                             help_text=_("Why it failed or was skipped."))

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [models.UniqueConstraint(fields=["kind", "mail_id", "email"],
                                               name="mail_one_delivery_per_recipient")]
        indexes = [models.Index(fields=["kind", "status", "mail_id"],
                                name="mail_delivery_status")]

    def __str__(self):
        return f"{self.kind} {self.mail_id} → {self.email}: {self.status}"

    def mark(self, status, **fields):
        fields.setdefault("sent_at", timezone.now() if status == self.SENT else None)
        Delivery.objects.filter(pk=self.pk).update(status=status, **fields)
        self.status = status
