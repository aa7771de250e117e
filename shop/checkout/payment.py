"""How the checkout takes payment: one pluggable method, the demo card by default.

``SHOP_PAYMENT_METHOD`` names the class (an import path). A method has a
``code``, the ``label`` shoppers read on the payment step, the preview, the
thank-you page and in the dashboard's order, and ``pay(order_number, total)``,
which takes the money (or raises ``oscar.apps.payment.exceptions.PaymentError``
or ``UnableToTakePayment``, which Oscar's checkout shows to the shopper) and
returns the ``Payment`` to record in Oscar's models: a ``Source`` and a
``PaymentEvent`` on the order. A real gateway is a class like ``DemoCard``
that calls its provider in ``pay``.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_METHOD = "shop.checkout.payment.DemoCard"


@dataclass(frozen=True)
class Payment:
    amount: object  # Decimal, in the order's currency
    reference: str
    event: str  # Oscar's PaymentEventType name, e.g. "Settled"


class DemoCard:
    """Records a settled payment and moves no money: the demo shop's checkout."""

    code = "demo-card"
    label = "Demo card — no money moves"
    explanation = ("This is a demo shop: no card details are asked for and nothing is "
                   "charged. The order is recorded as paid with the demo card.")

    def pay(self, order_number, total):
        return Payment(amount=total.incl_tax, reference=f"DEMO-{order_number}",
                       event="Settled")


def method():
    """The configured payment method (``SHOP_PAYMENT_METHOD``)."""
    return import_string(getattr(settings, "SHOP_PAYMENT_METHOD", DEFAULT_METHOD))()
