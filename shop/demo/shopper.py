"""The demo's returning customer: the imported customer with the most orders,
given an address and the demo password, so a newcomer can sign in and see a real
order history, verified-buyer reviews and review requests from the inside."""

from django.contrib.auth import get_user_model
from django.db.models import Count
from oscar.core.loading import get_model

from shop.importer.writer import SYNTHETIC_DOMAIN

SHOPPER_EMAIL = "shopper@example.com"


def ensure_demo_shopper(password):
    """The demo shopper (made once; None before any order history is imported)."""
    User = get_user_model()
    existing = User.objects.filter(email=SHOPPER_EMAIL).first()
    if existing is not None:
        return existing
    busiest = (get_model("order", "Order").objects
               .filter(user__email__endswith="@" + SYNTHETIC_DOMAIN)  # imported customers
               .values("user").annotate(orders=Count("pk")).order_by("-orders", "user")
               .first())
    if busiest is None:
        return None
    shopper = User.objects.get(pk=busiest["user"])
    shopper.email = SHOPPER_EMAIL
    # A made-up name in place of the importer's "Customer <id>": the reviews this
    # shopper writes are signed "Alex M.", like the demo's other reviewers.
    shopper.first_name, shopper.last_name = "Alex", "Morgan"
    shopper.set_password(password)
    shopper.save(update_fields=["email", "first_name", "last_name", "password"])
    return shopper
