from django import forms
from oscar.core.loading import get_model

from . import conf, showing

Product = get_model("catalogue", "Product")


MAX_ID = 2**63 - 1  # the largest id a database integer key holds


class BoundedProductsField(forms.ModelMultipleChoiceField):
    """Products to add, refused above ``most`` before any query runs."""

    most = 1

    def clean(self, value):
        if isinstance(value, (list, tuple)) and len({str(pk) for pk in value}) > self.most:
            raise forms.ValidationError(
                f"Add at most {self.most} product{'s' if self.most != 1 else ''} at once "
                "from here.", code="too_many")
        if isinstance(value, (list, tuple)) and any(
                not str(pk).isascii() or not str(pk).isdigit() or int(pk) > MAX_ID
                for pk in value):  # never a product: refused before the database sees it
            raise forms.ValidationError(self.error_messages["invalid_choice"],
                                        code="invalid_choice")
        return super().clean(value)


class AddSuggestionsForm(forms.Form):
    """What an "add" button posts: products, the block they came from, its product.

    Sources are the app's two blocks plus the project's ``EXTRA_SOURCES``, read
    when the form is built; each bounds the products of one post
    (``showing.most_products``: a bundle's size, one from the basket's list).
    """

    products = BoundedProductsField(
        queryset=Product.objects.browsable(), error_messages={
            "required": "Choose at least one product to add.",
            "invalid_choice": "One of the products is no longer for sale.",
        })
    source = forms.ChoiceField()
    product = forms.ModelChoiceField(queryset=Product.objects.all(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            *showing.SOURCES, *((value, label) for value, label, _ in conf.get("EXTRA_SOURCES"))]
        # An unknown source is refused by its own field; meanwhile bound the products
        # by the smallest block, so no forged post runs a large query.
        source = self.data.get("source") if self.is_bound else None
        self.fields["products"].most = showing.most_products(source) or 1
