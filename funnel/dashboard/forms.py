from datetime import date, timedelta

from django import forms
from django.utils import timezone

# No shop has events before this: earlier dates are typing slips (and year 1 leaves no
# room for the default range or the period before it).
EARLIEST = date(2000, 1, 1)


class DateRangeForm(forms.Form):
    """A period of whole days, ending today at the latest; the last 30 days unless given."""

    start = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_start(self):
        return self._not_too_early(self.cleaned_data.get("start"))

    def clean_end(self):
        return self._not_too_early(self.cleaned_data.get("end"))

    def _not_too_early(self, day):
        if day is not None and day < EARLIEST:
            raise forms.ValidationError(f"Choose a day from {EARLIEST:%-d %B %Y} on.")
        return day

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        today = timezone.localdate()
        cleaned["end"] = cleaned.get("end") or today
        cleaned["start"] = cleaned.get("start") or cleaned["end"] - timedelta(days=29)
        if cleaned["start"] > cleaned["end"]:
            raise forms.ValidationError("The start date is after the end date.")
        if cleaned["end"] > today:
            raise forms.ValidationError("The end date is in the future: nothing happened "
                                        "there yet. End the range today at the latest.")
        return cleaned


class ReportForm(DateRangeForm):
    channel = forms.ChoiceField(required=False)

    def __init__(self, *args, channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", "All channels"), *channels]
