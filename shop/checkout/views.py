"""Oscar's payment step with a payment method (``payment``): the demo card here.

The payment page posts the chosen method to itself and, once valid, keeps it in
the session and redirects to the preview (so the preview is a page like the
others: reloadable, and counted by the funnel as one step). The preview carries
the method in a hidden field to "Place order"; ``handle_payment`` asks the method
to pay and records its ``Source`` and ``PaymentEvent`` with the order, as Oscar's
checkout expects a project to. A "Place order" without a method (an older form,
a script) pays with the chosen or configured one; a method the shop does not
offer is refused on the payment page with a message.
"""

from django.shortcuts import redirect
from oscar.apps.checkout import views
from oscar.core.loading import get_model

from . import payment
from .forms import PaymentMethodForm

Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
SESSION_KEY = "checkout_payment_method"


class PaymentDetailsView(views.PaymentDetailsView):
    """Oscar's payment details and preview, paying with ``payment.method()``."""

    def payment_form(self, data=None):
        return PaymentMethodForm(payment.method(), data)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("payment_form", self.payment_form(
            {"method": self.request.session.get(SESSION_KEY, payment.method().code)}))
        kwargs.setdefault("payment_method", payment.method())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if self.preview:
            return super().post(request, *args, **kwargs)
        form = self.payment_form(request.POST)
        if not form.is_valid():
            return self.render_payment_details(request, payment_form=form)
        request.session[SESSION_KEY] = form.cleaned_data["method"]
        return redirect("checkout:preview")

    def handle_payment_details_submission(self, request):
        form = self.payment_form(request.POST)
        if not form.is_valid():
            return self.render_payment_details(request, payment_form=form)
        return self.render_preview(request, payment_form=form)

    def handle_place_order_submission(self, request):
        chosen = request.POST.get("method") or request.session.get(SESSION_KEY)
        form = self.payment_form({"method": chosen or payment.method().code})
        if not form.is_valid():
            return self.render_payment_details(request, payment_form=form)
        return super().handle_place_order_submission(request)

    def handle_payment(self, order_number, total, **kwargs):
        method = payment.method()
        paid = method.pay(order_number, total)
        source_type, _ = SourceType.objects.get_or_create(code=method.code,
                                                          defaults={"name": method.label})
        self.add_payment_source(Source(
            source_type=source_type, currency=total.currency, amount_allocated=paid.amount,
            amount_debited=paid.amount, reference=paid.reference))
        self.add_payment_event(paid.event, paid.amount, reference=paid.reference)
