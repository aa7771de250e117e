from django import forms


class PaymentMethodForm(forms.Form):
    """The payment step: which method pays (today one, ``payment.method()``)."""

    method = forms.ChoiceField(widget=forms.RadioSelect, error_messages={
        "required": "Choose how to pay.",
        "invalid_choice": "That payment method is not available: choose one below."})

    def __init__(self, method, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [(method.code, method.label)]
        self.fields["method"].initial = method.code
