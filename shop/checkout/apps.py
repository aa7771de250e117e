from oscar.apps.checkout import apps


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout, forked for one thing: the order confirmation mail is queued
    after the order commits, so a slow or dead mail server never holds up or fails
    a checkout (``mixins.OrderPlacementMixin``)."""

    name = "shop.checkout"
