"""The suggestion outcomes table: sortable by any column, exportable as CSV."""

import django_tables2 as tables
from oscar.apps.dashboard.tables import DashboardTable
from oscar.templatetags.currency_filters import currency

from ..templatetags.funnel_report import number, percent


class CountColumn(tables.Column):
    """A count with grouped digits on the page; the plain number in the CSV."""

    def render(self, value):
        return number(value)

    def value(self, value):
        return value


class RateColumn(tables.Column):
    def render(self, value):
        return percent(value)

    def value(self, value):
        return value


class MoneyColumn(tables.Column):
    def render(self, value):
        return currency(value)

    def value(self, value):
        return value


class SourceColumn(tables.Column):
    """"Bought together" on the page; the source's value in the CSV."""

    def render(self, value):
        return str(value).replace("_", " ").capitalize()

    def value(self, value):
        return value


class SuggestionOutcomesTable(DashboardTable):
    anchor = tables.Column(verbose_name="Product", accessor="anchor_title",
                           linkify=lambda record: record["anchor_url"])
    complement = tables.Column(verbose_name="Complement", accessor="complement_title",
                               linkify=lambda record: record["complement_url"])
    source = SourceColumn(verbose_name="Source")
    impressions = CountColumn(verbose_name="Impressions", attrs={"th": {"title": (
        "Blocks rendered for a shopper that showed the complement for this product.")}})
    clicks = CountColumn(verbose_name="Clicks", attrs={"th": {"title": (
        "The complement's page opened from the block.")}})
    click_rate = RateColumn(verbose_name="Click rate", attrs={"th": {"title": (
        "Clicks out of impressions.")}})
    adds = CountColumn(verbose_name="Adds to basket", attrs={"th": {"title": (
        "Added to a basket from the block.")}})
    orders = CountColumn(verbose_name="Orders", attrs={"th": {"title": (
        "Orders from a basket it was added to, placed after the add and holding the "
        "complement; each order once.")}})
    revenue = MoneyColumn(verbose_name="Revenue", attrs={"th": {"title": (
        "The complement's lines in those orders (incl. tax), not the whole orders.")}})

    icon = "fas fa-magic"
    caption = "Suggestion outcomes"

    class Meta(DashboardTable.Meta):
        attrs = {"class": "table table-striped table-bordered", "id": "suggestion-outcomes"}
        order_by = ("-impressions",)
        empty_text = "No suggestion was shown to a shopper in this period."
