"""Signals other apps (funnel tracking) listen to."""

from django.dispatch import Signal

# Sent when a shopper adds suggested products to the basket in one go.
# Arguments: request, products (added), source ("bought_together", "complete_order"
# or one of the project's ``EXTRA_SOURCES``), product (the page's product, or the
# basket's product that put it forward), arm (as for ``suggestions_shown``).
suggestions_added_to_basket = Signal()

# Sent by ``showing`` when it selects suggestions for a page (what is displayed).
# Arguments: request, products, source ("bought_together" or "complete_order"), product
# (the page's product, or None), anchors (parallel to products: the pk of the product,
# the page's or one in the basket, that put each forward; None for a best seller), arm
# (the A/B holdout's "suggestions" or "control", None when the visit is not compared;
# a control arm that shows no block is announced with no products).
# The products are shared with other requests (see ``cached``): read them, never change them.
suggestions_shown = Signal()
