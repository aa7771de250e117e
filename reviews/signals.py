"""Signals of the reviews app (Oscar's ``review_added`` is sent too)."""

from django.dispatch import Signal

# A shopper reported a review. Arguments: report, request.
review_reported = Signal()
# A shopper asked a question. Arguments: question, request.
question_asked = Signal()
# A review request mail went out. Arguments: order, email, products.
review_requested = Signal()
