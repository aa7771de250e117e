from oscar.apps.checkout import apps


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout, forked for two things: the order confirmation mail is queued
    after the order commits, so a slow or dead mail server never holds up or fails
    a checkout (``mixins.OrderPlacementMixin``), and the payment step pays with
    ``SHOP_PAYMENT_METHOD`` (``payment``, ``views``)."""

    name = "shop.checkout"
