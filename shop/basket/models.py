from oscar.apps.basket.abstract_models import AbstractBasket


class Basket(AbstractBasket):
    """Oscar's basket, refusing too large a quantity in the strategy's words.

    Oscar's check for a line says "Available stock is only 5541, which has been
    exceeded because multiple lines contain the same product", even for one line:
    the count a well-stocked shop keeps to itself. The availability policy's own
    reason is used instead (``shop.partner.strategy``: "Only 3 left", or "We do
    not have that many in stock"). Fields and table are Oscar's.
    """

    def is_quantity_allowed(self, qty, line=None):
        allowed, reason = super().is_quantity_allowed(qty, line=line)
        if not allowed and line is not None:
            permitted, plain = line.purchase_info.availability.is_purchase_permitted(
                self.basket_quantity(line) + qty)
            if not permitted and plain:
                reason = plain
        return allowed, reason


from oscar.apps.basket.models import *  # noqa: E402, F403
