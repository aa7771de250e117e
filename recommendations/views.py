"""Add every suggested product to the basket in one go, through Oscar's basket."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from oscar.apps.basket.signals import basket_addition

from . import holdout, showing
from .forms import AddSuggestionsForm
from .signals import suggestions_added_to_basket


class AddSuggestionsView(View):
    http_method_names = ["post"]

    def post(self, request):
        form = AddSuggestionsForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return self._redirect()
        basket = request.basket
        added, refused = [], []
        for product in self._in_submitted_order(form.cleaned_data["products"]):
            reason = self._refusal(basket, product)
            if reason:
                refused.append(f"{product.get_title()}: {reason}")
                continue
            basket.add_product(product, 1)
            basket_addition.send(sender=self, product=product, user=request.user,
                                 request=request)
            added.append(product)
        if added:
            names = ", ".join(p.get_title() for p in added)
            messages.success(request, f"Added to your basket: {names}.")
            source, product = form.cleaned_data["source"], form.cleaned_data["product"]
            if source == showing.COMPLETE_ORDER:
                product = None  # the basket's list names no page product (see the funnel)
            # The bundle's own product is the shopper's pick, not a suggestion taken.
            taken = [p for p in added if product is None or p.pk != product.pk]
            if taken:
                suggestions_added_to_basket.send(
                    sender=self, request=request, products=taken, source=source,
                    product=product, arm=holdout.recorded(request)
                    if source in dict(showing.SOURCES) else None)
        for message in refused:
            messages.warning(request, f"Not added: {message}")
        return self._redirect()

    def _in_submitted_order(self, products):
        order = [str(pk) for pk in self.request.POST.getlist("products")]
        return sorted(products, key=lambda product: order.index(str(product.pk)))

    def _refusal(self, basket, product):
        info = basket.strategy.fetch_for_product(product)
        if product.is_parent or info.stockrecord is None:
            return "choose its options on its own page"
        quantity = basket.line_quantity(product, info.stockrecord) + 1 if info.stockrecord else 1
        permitted, reason = info.availability.is_purchase_permitted(quantity)
        if not permitted:
            return reason
        allowed, reason = basket.is_quantity_allowed(1)
        return None if allowed else reason

    def _redirect(self):
        target = _without_click(self.request.POST.get("next") or reverse("basket:summary"))
        if not url_has_allowed_host_and_scheme(target, {self.request.get_host()},
                                               self.request.is_secure()):
            target = reverse("basket:summary")
        return HttpResponseRedirect(target)


def _without_click(url):
    """``url`` less a suggestion link's ``rec=`` (the page the shopper came back to is
    not a second click on that link)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "rec"]
    return urlunsplit(parts._replace(query=urlencode(query)))
