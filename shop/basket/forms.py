"""Oscar's basket forms, with the stock count kept to the shop.

Oscar's line form puts the product's stock in the quantity box (``max="5541"``),
where the browser reads it out to anyone who types more. Here the box carries a
maximum only once stock is low (``SHOP_LOW_STOCK_THRESHOLD``), when the page says
"Only N left" anyway; past it the strategy's message says so in words
(``shop.partner.strategy``). Everything else is Oscar's.
"""

from django.conf import settings
from oscar.apps.basket import forms


class BasketLineForm(forms.BasketLineForm):
    def __init__(self, strategy, *args, **kwargs):
        super().__init__(strategy, *args, **kwargs)
        attrs = self.fields["quantity"].widget.attrs
        if self.instance.id and "max" in attrs:
            stock = getattr(self.instance.purchase_info.availability, "num_available", None)
            basket_limit = self.instance.basket.max_allowed_quantity()[0]
            if stock is not None and stock > settings.SHOP_LOW_STOCK_THRESHOLD:
                if basket_limit:
                    attrs["max"] = basket_limit
                else:
                    del attrs["max"]
