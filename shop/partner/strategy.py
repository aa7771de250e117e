"""Oscar's default strategy, with stock said the way shops say it.

Oscar's product page reads "In stock (5541 available)": a number no shopper needs
and every competitor can read. Here it is "In stock", or "Only 3 left" once the
stock falls to ``SHOP_LOW_STOCK_THRESHOLD``, which is worth knowing before buying.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from oscar.apps.partner import availability, strategy


class StockRequired(availability.StockRequired):
    def is_purchase_permitted(self, quantity):
        """Oscar's rule, in words that do not give the count away ("a maximum of
        5541 can be bought") unless stock is low."""
        permitted, reason = super().is_purchase_permitted(quantity)
        if permitted or self.num_available <= 0:
            return permitted, reason
        if self.num_available <= settings.SHOP_LOW_STOCK_THRESHOLD:
            return False, _("Only %d left") % self.num_available
        return False, _("We do not have that many in stock")

    @property
    def short_message(self):
        if 0 < self.num_available <= settings.SHOP_LOW_STOCK_THRESHOLD:
            return _("Only %d left") % self.num_available
        return super().short_message

    @property
    def message(self):
        return self.short_message


class Default(strategy.Default):
    def availability_policy(self, product, stockrecord):
        policy = super().availability_policy(product, stockrecord)
        if type(policy) is availability.StockRequired:
            return StockRequired(policy.num_available)
        return policy


class Selector(strategy.Selector):
    def strategy(self, request=None, user=None, **kwargs):
        return Default(request)
