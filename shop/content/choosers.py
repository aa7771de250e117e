"""Wagtail admin choosers for Oscar's products and categories.

Editors pick products in StreamField blocks through these modals; Oscar's
models are not indexed by Wagtail's search, so the search box filters by
title and UPC in SQL.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")


class SearchForm(BaseFilterForm):
    q = forms.CharField(label=_("Search term"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("Search")}))
    lookups = ()

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            condition = Q()
            for lookup in self.lookups:
                condition |= Q(**{lookup: query})
            objects = objects.filter(condition)
            self.is_searching, self.search_query = True, query
        return objects


class ProductSearchForm(SearchForm):
    lookups = ("title__icontains", "upc__iexact")


class CategorySearchForm(SearchForm):
    lookups = ("name__icontains",)


class ProductChooseMixin:
    filter_form_class = ProductSearchForm

    @property
    def columns(self):
        return [self.title_column, Column("upc", label=_("UPC")),
                Column("product_class", label=_("Product type"))]


class ProductChooseView(ProductChooseMixin, ChooseView):
    pass


class ProductChooseResultsView(ProductChooseMixin, ChooseResultsView):
    pass


class ProductChooserViewSet(ChooserViewSet):
    """Browsable products (standalone and parents; variants are chosen on the product page)."""

    model = Product
    icon = "tag"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")
    edit_item_text = _("Edit product")
    choose_view_class = ProductChooseView
    choose_results_view_class = ProductChooseResultsView
    per_page = 20

    def get_object_list(self):
        return Product.objects.browsable().select_related("product_class").order_by("title")


class CategoryChooserViewSet(ChooserViewSet):
    model = Category
    icon = "folder-open-inverse"
    choose_one_text = _("Choose a category")
    choose_another_text = _("Choose another category")
    per_page = 30

    class CategoryChooseView(ChooseView):
        filter_form_class = CategorySearchForm

    class CategoryChooseResultsView(ChooseResultsView):
        filter_form_class = CategorySearchForm

    choose_view_class = CategoryChooseView
    choose_results_view_class = CategoryChooseResultsView

    def get_object_list(self):
        return Category.objects.order_by("path")


product_chooser_viewset = ProductChooserViewSet("product_chooser", url_prefix="products/choose")
category_chooser_viewset = CategoryChooserViewSet("category_chooser",
                                                  url_prefix="categories/choose")
ProductChooserBlock = product_chooser_viewset.get_block_class(
    name="ProductChooserBlock", module_path="shop.content.choosers")
CategoryChooserBlock = category_chooser_viewset.get_block_class(
    name="CategoryChooserBlock", module_path="shop.content.choosers")
