"""What counts as a sale, defined once for every plugin of this repository.

A line counts as bought when it names a product and neither the line nor its
order has a status in ``SALES_CANCELLED_STATUSES`` (default ``("Cancelled",)``):
returned goods must not earn a "verified purchase" badge, a purchase count, a
co-purchase or a place among the best sellers. Recommendations, reviews and the
funnel all read sales through these functions. Not an app: nothing to install.
"""
