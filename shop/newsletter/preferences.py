"""Mail lists a shopper can leave in one click, with one signed link format.

Every mail of the shop names its list in its unsubscribe link: the newsletter,
review requests (reviews app) or basket reminders (funnel app). The link's
token is signed and names the address and the list; following it opts out at
once (one click), and mail apps can POST to it (RFC 8058 ``List-Unsubscribe-
Post``) without showing a page at all.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

SALT = "mail.unsubscribe"


@dataclass(frozen=True)
class MailList:
    name: str
    label: str  # what the shopper stops getting, in a sentence: "no more {label}"

    def opt_out(self, email):
        raise NotImplementedError

    def opt_in(self, email):
        """Undo an unsubscribe made by mistake (a mail scanner, a slip of the finger)."""
        raise NotImplementedError


class NewsletterList(MailList):
    def opt_out(self, email):
        from .models import Subscriber

        Subscriber.objects.filter(email=email, unsubscribed_at__isnull=True).update(
            unsubscribed_at=timezone.now())

    def opt_in(self, email):
        from .models import Subscriber

        # Only who had confirmed before comes back without a new confirmation.
        Subscriber.objects.filter(email=email, confirmed_at__isnull=False).update(
            unsubscribed_at=None)


class OptOutList(MailList):
    """A list everybody with an account is on until they leave: an opt-out table."""

    model = None  # "app_label.ModelName" with a unique ``email``

    def _model(self):
        return get_model(*self.model.split("."))

    def opt_out(self, email):
        self._model().objects.get_or_create(email=email)

    def opt_in(self, email):
        self._model().objects.filter(email=email).delete()


class ReviewRequestList(OptOutList):
    model = "reviews.ReviewMailOptOut"


class BasketReminderList(OptOutList):
    model = "funnel.ReminderOptOut"


LISTS = {mail_list.name: mail_list for mail_list in (
    NewsletterList("newsletter", "newsletters"),
    ReviewRequestList("review_requests", "requests to review what you bought"),
    BasketReminderList("basket_reminders", "reminders about your basket"),
)}


def unsubscribe_token(list_name, email):
    if list_name not in LISTS:
        raise ValueError(f"Unknown mail list {list_name!r}")
    return signing.dumps({"l": list_name, "e": email.strip().lower()}, salt=SALT, compress=True)


def read_unsubscribe_token(token):
    """(MailList, email) from a genuine token, else None. No expiry: an old mail's
    unsubscribe link must keep working."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("l") not in LISTS or not data.get("e"):
        return None
    return LISTS[data["l"]], data["e"]


def unsubscribe_url(list_name, email):
    return settings.SHOP_BASE_URL.rstrip("/") + reverse(
        "newsletter:unsubscribe", args=[unsubscribe_token(list_name, email)])


def unsubscribe_headers(list_name, email):
    """Headers that let mail apps offer their own one-click unsubscribe button."""
    return {"List-Unsubscribe": f"<{unsubscribe_url(list_name, email)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
