"""Signals other apps (funnel tracking) listen to."""

from django.dispatch import Signal

# Sent when a shopper adds suggested products to the basket in one go.
# Arguments: request, products (added), source ("bought_together" or "complete_order"),
# product (the page's product, or None on the basket page).
suggestions_added_to_basket = Signal()

# Sent when suggestions are shown. Arguments: request, products, source, product.
suggestions_shown = Signal()
