from django import forms

from shop.mail import addresses


class SubscribeForm(forms.Form):
    email = forms.EmailField(max_length=254, label="Email address", error_messages={
        "required": "Enter your email address.",
        "invalid": "Enter a valid email address, like name@example.com."})
    # A field people never see: bots that fill every field give themselves away.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={
        "tabindex": "-1", "autocomplete": "off"}))

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if not addresses.is_deliverable(email):
            raise forms.ValidationError("This address cannot receive mail. Please use "
                                        "the address you read your mail at.")
        return email

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))
