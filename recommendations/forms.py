from django import forms
from oscar.core.loading import get_model

from . import conf, showing

Product = get_model("catalogue", "Product")


class BoundedProductsField(forms.ModelMultipleChoiceField):
    """Products to add, refused above ``ADD_ALL_MAX_ITEMS`` before any query runs."""

    def clean(self, value):
        most = conf.get("ADD_ALL_MAX_ITEMS")
        if isinstance(value, (list, tuple)) and len({str(pk) for pk in value}) > most:
            raise forms.ValidationError(
                f"Add at most {most} products at once.", code="too_many")
        return super().clean(value)


class AddSuggestionsForm(forms.Form):
    """What an "add all" button posts: products, the block they came from, its product.

    Sources are the app's two blocks plus the project's ``EXTRA_SOURCES``, read
    when the form is built.
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
        self.fields["source"].choices = [*showing.SOURCES, *conf.get("EXTRA_SOURCES")]
