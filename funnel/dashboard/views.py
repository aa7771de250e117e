"""The Funnel section: marketing and sales funnel, from rollups and orders."""

import csv

from django.http import HttpResponse
from django.urls import reverse
from django.views.generic import TemplateView
from django_tables2 import SingleTableView
from oscar.core.loading import get_model

from .. import conf, experiment, loaders, report
from ..spreadsheet import safe_cell
from .forms import DateRangeForm, ReportForm
from .tables import SuggestionOutcomesTable

Product = get_model("catalogue", "Product")
BAR_WIDTH = 600
# Headline figures compared with the previous period.
TRACKED = ("visits", "new", "returning", "orders", "revenue", "average_order_value",
           "conversion_rate")
MAIL = ("sent", "opened", "clicked", "open_rate", "click_rate")
SHOP = ("orders", "revenue", "average_order_value", "customers")
TREND = (("visits", "Visits"), ("orders", "Orders"), ("conversion_rate", "Conversion"))
INFLUENCE_LABELS = {"content": "Guides read", "recommendation": "Suggestions taken",
                    "reviews": "Reviews read", "email": "Mail clicked or landed from"}


class FunnelReportView(TemplateView):
    template_name = "funnel/dashboard/report.html"
    exports = ("funnel", "channels", "products_view", "products_basket", "pages", "mail",
               "cohorts", "trend")

    def get(self, request, *args, **kwargs):
        form = ReportForm(request.GET or None, channels=loaders.channels())
        if request.GET and not form.is_valid():
            return self.render_to_response({"form": form})
        if not request.GET:  # the default range, shown in the form's fields
            form = ReportForm({}, channels=loaders.channels())
            form.is_valid()
            form = ReportForm({"start": form.cleaned_data["start"],
                               "end": form.cleaned_data["end"]}, channels=loaders.channels())
            form.is_valid()
        data = self.build(form.cleaned_data)
        export = request.GET.get("export")
        if export in self.exports:
            name = f"{export}-{data['start']}-{data['end']}" + (
                f"-{data['channel']}" if data["channel"] else "")
            return self.csv(name, export, data[export])
        return self.render_to_response({"form": form, **data, "exports": self.exports})

    def build(self, filters):
        start, end, channel = filters["start"], filters["end"], filters.get("channel") or None
        figures = loaders.Figures()
        everywhere = figures.rows(start, end)  # every channel: mail, the channel table
        rows = figures.rows(start, end, channel) if channel else everywhere
        before_start, before_end = report.previous_period(start, end)
        since = loaders.tracking_since()
        # A previous period the tracking did not cover entirely has nothing to compare.
        compared = since is not None and before_start >= since
        if compared:
            before_everywhere = figures.rows(before_start, before_end)
            before = (figures.rows(before_start, before_end, channel) if channel
                      else before_everywhere)
            tracked_before, email_before = report.traffic(before), report.email(before_everywhere)
        else:
            tracked_before = email_before = dict.fromkeys(TRACKED + MAIL)
        steps = report.funnel(rows)
        widest = max((s["sessions"] for s in steps), default=0) or 1
        for index, step in enumerate(steps):
            step["width"] = round(BAR_WIDTH * step["sessions"] / widest)
            step["y"] = index * 34
        by_view, by_basket = report.worst_products(
            rows, conf.get("MIN_PRODUCT_VIEWS"), conf.get("MIN_PRODUCT_BASKETS"))
        titles = dict(Product.objects.filter(pk__in={r["product_id"] for r in
                                                     by_view + by_basket})
                      .values_list("pk", "title"))
        for row in by_view + by_basket:
            row["title"] = titles.get(row["product_id"], f"#{row['product_id']}")
        page_rows = report.pages(rows)
        page_titles = loaders.page_titles([r["page_id"] for r in page_rows])
        for row in page_rows:
            row["title"] = page_titles.get(row["page_id"], f"#{row['page_id']}")
        mail_rows = report.mail_campaigns(everywhere)
        labels = loaders.campaign_labels([r["campaign"] for r in mail_rows])
        for row in mail_rows:
            row["title"] = labels.get(row["campaign"], row["campaign"])
        all_orders = loaders.orders()  # once: the periods' orders are slices of it

        def placed(low, high):
            return [order for order in all_orders if low <= order[1] <= high]

        days = report.trend(figures.daily(start, end, channel), start, end)
        return {
            "start": start, "end": end, "channel": channel,
            "before_start": before_start, "before_end": before_end,
            "as_of": figures.now, "rolled_up_at": figures.built_at,
            "live_from": figures.live_from,
            "funnel": steps, "chart_height": len(steps) * 34,
            "channels": report.funnel_by_channel(everywhere),
            "tracking_since": since, "compared": compared,
            "tracked": report.compare(report.traffic(rows), tracked_before, TRACKED),
            "email": report.compare(report.email(everywhere), email_before, MAIL),
            "shop_orders": report.compare(report.order_metrics(placed(start, end)),
                                          report.order_metrics(placed(before_start, before_end)),
                                          SHOP),
            "products_view": by_view, "products_basket": by_basket, "pages": page_rows,
            "min_views": conf.get("MIN_PRODUCT_VIEWS"),
            "min_baskets": conf.get("MIN_PRODUCT_BASKETS"),
            "mail": mail_rows, "attribution_days": conf.get("ATTRIBUTION_DAYS"),
            "influenced": {INFLUENCE_LABELS[name]: row for name, row in
                           report.influenced_revenue(rows).items()},
            "repeat_all_time": report.order_metrics(all_orders),
            "cohorts": report.cohorts(all_orders, today=end), "baskets": loaders.baskets(),
            "abandoned_after_hours": conf.get("ABANDONED_AFTER_HOURS"),
            "retention_days": conf.get("RETENTION_DAYS"),
            "reminders": loaders.reminders(start, end),
            "trend": days, "trend_chart": report.chart(days, TREND),
        }

    def csv(self, filename, name, rows):
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="funnel-{filename}.csv"'
        writer = SafeWriter(response)
        if name == "channels":
            writer.writerow(["channel", "step", "sessions", "step_rate", "drop_off"])
            for channel, steps in rows.items():
                for s in steps:
                    writer.writerow([channel, s["label"], s["sessions"], s["step_rate"],
                                     s["drop_off"]])
            return response
        if name == "cohorts":
            writer.writerow(["cohort", "customers"] + [f"month_{i}" for i in range(6)])
            for row in rows:
                writer.writerow([row["cohort"], row["customers"], *row["retention"]])
            return response
        columns = [c for c in rows[0] if c not in ("width", "y")] if rows else []
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row[c] for c in columns])
        return response



class SafeWriter:
    def __init__(self, stream):
        self.writer = csv.writer(stream)

    def writerow(self, row):
        self.writer.writerow([safe_cell(value) for value in row])


class SuggestionOutcomesView(SingleTableView):
    """Per (product, complement) pair shown to shoppers in the period: impressions,
    clicks, adds, orders and revenue (``funnel.suggestions``). Sortable by any column
    (``?sort=``), and the whole sorted table as CSV (``?format=csv``)."""

    template_name = "funnel/dashboard/suggestions.html"
    table_class = SuggestionOutcomesTable
    table_pagination = {"per_page": 50}
    # What stands for a missing anchor: a best seller filling the block up.
    best_seller = {"complete_order": "Basket (best seller)"}
    best_seller_elsewhere = "Best seller (filler)"

    def get(self, request, *args, **kwargs):
        self.form = DateRangeForm(request.GET)
        if self.form.is_valid():  # the range in the fields, the default one included
            self.form = DateRangeForm({"start": self.form.cleaned_data["start"],
                                       "end": self.form.cleaned_data["end"]})
            self.form.is_valid()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.form.is_valid():
            return []
        rows = loaders.suggestion_outcomes(self.form.cleaned_data["start"],
                                           self.form.cleaned_data["end"])
        titles = loaders.product_titles({r["anchor_id"] for r in rows if r["anchor_id"]}
                                        | {r["complement_id"] for r in rows})
        for row in rows:
            for key in ("anchor", "complement"):
                pk = row[f"{key}_id"]
                if pk in titles:
                    title = titles[pk]
                    url = reverse("dashboard:catalogue-product", kwargs={"pk": pk})
                elif pk:
                    title, url = f"#{pk} (deleted)", None
                else:
                    title = self.best_seller.get(row["source"], self.best_seller_elsewhere)
                    url = None
                row[f"{key}_title"], row[f"{key}_url"] = title, url
        return rows

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form,
                                        retention_days=conf.get("RETENTION_DAYS"),
                                        holdout=self.holdout(), **kwargs)

    def holdout(self):
        """The A/B holdout's arms and their differences (``funnel.experiment``)."""
        if not self.form.is_valid() or self.wants_csv():
            return None
        visitors = loaders.holdout_visitors(self.form.cleaned_data["start"],
                                            self.form.cleaned_data["end"])
        treatment = experiment.summarise("suggestions", visitors)
        control = experiment.summarise("control", visitors)
        return {"arms": [treatment, control],
                "differences": experiment.compare(treatment, control,
                                                  conf.get("HOLDOUT_MIN_VISITORS")),
                "min_visitors": conf.get("HOLDOUT_MIN_VISITORS"),
                "min_events": experiment.MIN_EVENTS}

    def get_table_pagination(self, table):
        return False if self.wants_csv() else super().get_table_pagination(table)

    def wants_csv(self):
        return self.request.GET.get("format") == "csv"

    def render_to_response(self, context, **kwargs):
        if not self.wants_csv() or not self.form.is_valid():
            return super().render_to_response(context, **kwargs)
        dates = self.form.cleaned_data
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="suggestion-outcomes-{dates["start"]}-{dates["end"]}.csv"')
        writer = SafeWriter(response)
        for row in context["table"].as_values():
            writer.writerow(row)
        return response

