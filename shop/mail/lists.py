"""Mail lists a shopper can leave in one click: a registry each list joins.

Every mail the shop sends to a list goes out as a ``Delivery``; its unsubscribe
link names that delivery (a signed id, never the address), which tells the
list and the address. Lists register in their app's ``ready()``: the
newsletter its subscribers, this app the lists every customer is on until they
leave (an ``OptOut`` row), such as basket reminders and review requests.
"""

from django.core import signing
from django.urls import reverse
from oscar.core.loading import get_model

from . import conf

SALT = "mail.unsubscribe"
_LISTS = {}


class MailList:
    """``label`` says what the shopper stops getting, in "no more {label}";
    ``kinds`` are the delivery kinds sent to this list."""

    def __init__(self, name, label, kinds=()):
        self.name, self.label, self.kinds = name, label, tuple(kinds)

    def is_open_to(self, email):
        raise NotImplementedError

    def opt_out(self, email):
        raise NotImplementedError

    def opt_in(self, email):
        """Undo an unsubscribe made by mistake (a slip of the finger)."""
        raise NotImplementedError


class OptOutList(MailList):
    """A list everybody with an account is on until they leave: an opt-out table,
    this app's ``OptOut`` unless ``model`` names another with a unique ``email``."""

    def __init__(self, name, label, kinds=(), model=None):
        super().__init__(name, label, kinds)
        self.model = model

    def _opt_outs(self):
        if self.model:
            return get_model(*self.model.split(".")).objects.all()
        return get_model("mail", "OptOut").objects.filter(list=self.name)

    def is_open_to(self, email):
        return not self._opt_outs().filter(email=email.strip().lower()).exists()

    def opt_out(self, email):
        email = email.strip().lower()
        if self.model:
            self._opt_outs().get_or_create(email=email)
        else:
            get_model("mail", "OptOut").objects.get_or_create(list=self.name, email=email)

    def opt_in(self, email):
        self._opt_outs().filter(email=email.strip().lower()).delete()


def register(mail_list):
    _LISTS[mail_list.name] = mail_list
    return mail_list


def get(name):
    return _LISTS[name]


def registered():
    return dict(_LISTS)


def for_kind(kind):
    """The list a delivery of ``kind`` was sent to, or None (a transactional mail)."""
    return next((found for found in _LISTS.values() if kind in found.kinds), None)


def unsubscribe_token(delivery):
    return signing.dumps(delivery.pk, salt=SALT)


def read_unsubscribe_token(token):
    """(MailList, email) from a genuine token, else None. No expiry: an old mail's
    unsubscribe link must keep working."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if isinstance(data, dict):  # links mailed before tokens named deliveries
        found = _LISTS.get(data.get("l"))
        return (found, data["e"]) if found and data.get("e") else None
    delivery = get_model("mail", "Delivery").objects.filter(pk=data).first() \
        if isinstance(data, int) else None
    found = for_kind(delivery.kind) if delivery else None
    return (found, delivery.email) if found else None


def unsubscribe_url(delivery):
    return conf.absolute(reverse("mail:unsubscribe", args=[unsubscribe_token(delivery)]))


def unsubscribe_headers(delivery):
    """Headers that let mail apps offer their own one-click unsubscribe button."""
    return {"List-Unsubscribe": f"<{unsubscribe_url(delivery)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
