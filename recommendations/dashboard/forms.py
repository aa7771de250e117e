from django import forms
from django.db.models import Q
from oscar.core.loading import get_model

from ..models import ComplementOverride

Product = get_model("catalogue", "Product")


class ProductSearchForm(forms.Form):
    q = forms.CharField(required=False, label="Product title or UPC")


class OverrideForm(forms.Form):
    """Pin or block a complement, named by its UPC or exact title."""

    complement = forms.CharField(label="Complement (UPC or title)", max_length=255)
    action = forms.ChoiceField(choices=ComplementOverride.ACTIONS)

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product

    def clean_complement(self):
        value = self.cleaned_data["complement"].strip()
        matches = list(Product.objects.filter(Q(upc__iexact=value) | Q(title__iexact=value))[:2])
        if not matches:
            raise forms.ValidationError(f"No product has the UPC or title {value!r}.")
        if len(matches) > 1:
            raise forms.ValidationError(f"{value!r} names several products: use the UPC.")
        if matches[0].pk == self.product.pk:
            raise forms.ValidationError("A product cannot complement itself.")
        return matches[0]
