"""The review statistics table: sortable by any column, exportable as CSV."""

import django_tables2 as tables
from oscar.apps.dashboard.tables import DashboardTable


class Decimal2Column(tables.Column):
    """A figure to two places on the page; the exact value in the CSV."""

    def render(self, value):
        return f"{value:.2f}"

    def value(self, value):
        return value


def summary(field, header, column=tables.Column):
    return column(accessor=f"rating_summary__{field}", verbose_name=header,
                  order_by=f"rating_summary__{field}", default=0 if column is tables.Column
                  else "—")


class ReviewStatsTable(DashboardTable):
    title = tables.Column(verbose_name="Product", linkify=lambda record:
                          record.get_absolute_url(), order_by="title")
    reviews = summary("count", "Reviews")
    average = summary("average", "Average", Decimal2Column)
    bayesian = summary("bayesian", "Bayesian", Decimal2Column)
    verified = summary("verified_count", "Verified")
    stars_5 = summary("stars_5", "5★")
    stars_4 = summary("stars_4", "4★")
    stars_3 = summary("stars_3", "3★")
    stars_2 = summary("stars_2", "2★")
    stars_1 = summary("stars_1", "1★")
    pending = tables.Column(verbose_name="Pending")
    reports = tables.Column(verbose_name="Open reports")
    unanswered = tables.Column(verbose_name="Unanswered questions")

    icon = "fas fa-star"
    caption = "Review statistics per product"

    class Meta(DashboardTable.Meta):
        attrs = {"class": "table table-striped table-bordered", "id": "review-stats"}
        empty_text = "No reviews yet."
