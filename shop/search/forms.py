"""Oscar's search forms, with two sorts a shopper expects.

"Customer rating" sorts by the Bayesian average (unrated last) and "Best
selling" by the orders of the last ``PURCHASE_COUNT_DAYS`` (``search_indexes``).
Everything else is Oscar's.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.search import forms as oscar_forms

BEST_SELLING = "best-selling"


class SortMixin:
    SORT_BY_CHOICES = [
        (oscar_forms.SearchForm.RELEVANCY, _("Relevancy")),
        (BEST_SELLING, _("Best selling")),
        (oscar_forms.SearchForm.TOP_RATED, _("Customer rating")),
        (oscar_forms.SearchForm.NEWEST, _("Newest")),
        (oscar_forms.SearchForm.PRICE_LOW_TO_HIGH, _("Price low to high")),
        (oscar_forms.SearchForm.PRICE_HIGH_TO_LOW, _("Price high to low")),
        (oscar_forms.SearchForm.TITLE_A_TO_Z, _("Title A to Z")),
        (oscar_forms.SearchForm.TITLE_Z_TO_A, _("Title Z to A")),
    ]
    SORT_BY_MAP = {
        **oscar_forms.SearchForm.SORT_BY_MAP,
        oscar_forms.SearchForm.TOP_RATED: "-bayesian_rating",
        BEST_SELLING: "-sold_recently",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sort_by"] = forms.ChoiceField(
            label=_("Sort by"), choices=self.SORT_BY_CHOICES, widget=forms.Select(),
            required=False)


class SearchForm(SortMixin, oscar_forms.SearchForm):
    pass


class BrowseCategoryForm(SortMixin, oscar_forms.BrowseCategoryForm):
    pass


class CategoryForm(SortMixin, oscar_forms.CategoryForm):
    pass
