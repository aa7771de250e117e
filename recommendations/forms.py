from django import forms
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")

SOURCES = [("bought_together", "Frequently bought together"),
           ("complete_order", "Complete your order"), ("guide_bundle", "A guide's bundle")]


class AddSuggestionsForm(forms.Form):
    products = forms.ModelMultipleChoiceField(
        queryset=Product.objects.browsable(), error_messages={
            "required": "Choose at least one product to add.",
            "invalid_choice": "One of the products is no longer for sale.",
        })
    source = forms.ChoiceField(choices=SOURCES)
    product = forms.ModelChoiceField(queryset=Product.objects.all(), required=False)
