"""Thin ORM layer for the funnel report: rollups, orders and baskets as plain data."""

from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.apps import apps
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.module_loading import import_string
from oscar.core.loading import get_model

from sales.queries import bought_lines, counted_orders

from . import conf, experiment, suggestions
from .channels import CHANNELS
from .models import DailyRollup, Event, EventType, RollupState
from .rollups import OTHER_CAMPAIGNS, VISIT, rows_for

Basket = get_model("basket", "Basket")
BasketLine = get_model("basket", "Line")
Product = get_model("catalogue", "Product")
CHUNK = 2000  # rows fetched at a time when streaming raw events


def _bounds(start, end):
    return (timezone.make_aware(datetime.combine(start, time.min)),
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)))


KEY = ("type", "channel", "product_id", "page_id", "campaign")
SUMMED = ("events", "sessions", "new_sessions", "value")


class Figures:
    """The report's rows as of one moment. Days before the last rollup run's day
    are final and read from ``DailyRollup`` (summed in SQL); that day and later
    (partial in the rollups) are rolled up from the raw events now, once per
    report, so a new order or click shows without waiting for the next run."""

    def __init__(self, now=None):
        self.now = now or timezone.now()
        state = RollupState.objects.filter(pk=1).first()
        self.built_at = state.built_until if state else None
        self.live_from = timezone.localtime(self.built_at).date() if self.built_at else None
        self._live = None

    def live(self):
        """Rows (with their day) of the days not final in the rollups."""
        if self._live is None:
            first = self.live_from
            if first is None:
                earliest = Event.objects.order_by("occurred_at").values_list(
                    "occurred_at", flat=True).first()
                first = timezone.localtime(earliest).date() if earliest else None
            today = timezone.localtime(self.now).date()
            self._live = [] if first is None or first > today else [
                {"date": row.date, **{k: getattr(row, k) for k in KEY + SUMMED}}
                for row in rows_for(first, today)]
        return self._live

    def _stored(self, start, end, channel):
        rows = DailyRollup.objects.filter(date__gte=start, date__lte=end)
        if self.live_from is None:
            return rows.none()
        rows = rows.filter(date__lt=self.live_from)
        return rows.filter(channel=channel) if channel else rows

    def _live_in(self, start, end, channel):
        if self.live_from is not None and end < self.live_from:
            return []
        return [r for r in self.live() if start <= r["date"] <= end
                and (not channel or r["channel"] == channel)]

    def rows(self, start, end, channel=None):
        """The period's rows summed per type, channel, product, page and campaign."""
        merged = {}
        stored = self._stored(start, end, channel).values(*KEY).annotate(
            **{name: Sum(name) for name in SUMMED}).order_by()
        for row in [*stored, *self._live_in(start, end, channel)]:
            key = tuple(row[k] for k in KEY)
            into = merged.setdefault(key, {**dict(zip(KEY, key, strict=True)),
                                           **dict.fromkeys(SUMMED, 0), "value": Decimal(0)})
            for name in SUMMED:
                into[name] += row[name] or 0
        return list(merged.values())

    def daily(self, start, end, channel=None):
        """{day: visits, orders, visits with an order} of tracked activity (in ``channel``)."""
        wanted = {"type__in": [VISIT, EventType.ORDER_PLACED], "product_id": 0, "page_id": 0,
                  "campaign": ""}
        stored = self._stored(start, end, channel).filter(**wanted).values(
            "date", "type").annotate(events=Sum("events"), sessions=Sum("sessions")).order_by()
        live = [r for r in self._live_in(start, end, channel) if r["type"] in wanted[
            "type__in"] and not r["product_id"] and not r["page_id"] and not r["campaign"]]
        days = {}
        for row in [*stored, *live]:
            day = days.setdefault(row["date"], {"visits": 0, "orders": 0, "converted": 0})
            if row["type"] == VISIT:
                day["visits"] += row["sessions"]
            else:
                day["orders"] += row["events"]
                day["converted"] += row["sessions"]
        return days


def tracking_since():
    """The first day with tracked activity (rolled up or raw), or None."""
    days = [DailyRollup.objects.order_by("date").values_list("date", flat=True).first()]
    first = Event.objects.order_by("occurred_at").values_list("occurred_at", flat=True).first()
    days.append(timezone.localtime(first).date() if first else None)
    return min((day for day in days if day), default=None)


def rollup_rows(start, end, channel=None):
    """The period's rows as of now (``Figures``)."""
    return Figures().rows(start, end, channel)


AUTOMATED_MAIL = {"review_request": "Review requests", "basket_reminder": "Basket reminders"}


def campaign_labels(campaigns):
    """What the operator reads for each mail campaign: the automated mails' names, and
    what the project's ``FUNNEL_CAMPAIGN_LABELS`` callable says of its own (newsletters)."""
    labels = {c: AUTOMATED_MAIL[c] for c in campaigns if c in AUTOMATED_MAIL}
    if OTHER_CAMPAIGNS in campaigns:
        labels[OTHER_CAMPAIGNS] = "Other campaigns (links naming no sent mail)"
    if conf.get("CAMPAIGN_LABELS"):
        labels.update(import_string(conf.get("CAMPAIGN_LABELS"))(
            [c for c in campaigns if c not in labels]))
    return labels


def page_titles(page_ids):
    """{page id: title} of content pages: Wagtail's, when it is installed."""
    if not page_ids or not apps.is_installed("wagtail"):
        return {}
    Page = apps.get_model("wagtailcore", "Page")
    return dict(Page.objects.filter(pk__in=list(page_ids)).values_list("pk", "title"))


def channels():
    """The channels a visit can land from, in the report's order."""
    return CHANNELS


def orders():
    """(customer id or None, placed date, total) of every non-cancelled order."""
    return [(user, timezone.localtime(placed).date(), total)
            for user, placed, total in counted_orders().values_list(
                "user_id", "date_placed", "total_incl_tax").iterator()]


def baskets(abandoned_after_hours=None, now=None):
    """Open baskets with lines: count and value, and those idle for longer than
    ``ABANDONED_AFTER_HOURS`` (abandoned)."""
    now = now or timezone.now()
    abandoned_after_hours = abandoned_after_hours or conf.get("ABANDONED_AFTER_HOURS")
    lines = (BasketLine.objects.filter(basket__status=Basket.OPEN)
             .values("basket_id").annotate(value=Sum(F("price_incl_tax") * F("quantity"))))
    open_value = {row["basket_id"]: row["value"] or 0 for row in lines}
    idle_before = now - timedelta(hours=abandoned_after_hours)
    recent = set(BasketLine.objects.filter(basket__status=Basket.OPEN,
                                           date_updated__gte=idle_before)
                 .values_list("basket_id", flat=True))
    abandoned = {b: v for b, v in open_value.items() if b not in recent}
    return {"open": len(open_value), "open_value": sum(open_value.values()),
            "abandoned": len(abandoned), "abandoned_value": sum(abandoned.values())}


def reminders(start, end):
    """Basket reminders sent in the period (``email_sent`` events of the
    ``basket_reminder`` mail, whichever app sent them) and the baskets that became
    orders after their reminder: recovered."""
    low, high = _bounds(start, end)
    sent = {}
    for basket_id, at in Event.objects.filter(
            type=EventType.EMAIL_SENT, data__mail="basket_reminder",
            occurred_at__gte=low, occurred_at__lt=high).values_list("data__mail_id",
                                                                    "occurred_at"):
        if str(basket_id).isdigit():
            sent[int(basket_id)] = min(at, sent.get(int(basket_id), at))
    recovered = [total for basket_id, placed, total in counted_orders().filter(
        basket_id__in=list(sent)).values_list("basket_id", "date_placed", "total_incl_tax")
        if placed >= sent[basket_id]]
    return {"sent": len(sent), "recovered": len(recovered),
            "recovered_value": sum(recovered, 0)}


def suggestion_outcomes(start, end):
    """Outcomes per suggestion pair shown in the period (``suggestions.count_outcomes``),
    from the raw events (kept ``RETENTION_DAYS``), streamed oldest first in chunks."""
    low, high = _bounds(start, end)
    period = Event.objects.filter(occurred_at__gte=low, occurred_at__lt=high)
    events = (period.filter(type__in=suggestions.TYPES).order_by("occurred_at", "id")
              .values("type", "occurred_at", "session_id", "basket_id", "product_id", "data"))
    placed = period.filter(type=EventType.ORDER_PLACED, order__isnull=False,
                           basket_id__in=period.filter(type=suggestions.ADDED,
                                                       basket_id__isnull=False)
                           .values("basket_id"))
    orders = list(placed.values("order_id", "basket_id", "occurred_at"))
    lines = defaultdict(list)
    for order_id, product_id, price in (
            bought_lines().filter(order_id__in=placed.values("order_id"))
            .values_list("order_id", "product_id", "line_price_incl_tax").order_by()
            .iterator(chunk_size=CHUNK)):
        lines[order_id].append((product_id, price))
    return suggestions.count_outcomes(events.iterator(chunk_size=CHUNK), orders, lines)


def product_titles(product_ids):
    """{pk: title} of the products that still exist (a child's title falls back on its
    parent's, as the storefront shows it)."""
    return {product.pk: product.get_title() for product in Product.objects.filter(
        pk__in=list(product_ids)).select_related("parent")}


def holdout_visitors(start, end):
    """The A/B comparison's visitors of the period (``experiment.Visitor``): each
    visitor with an arm recorded on a block's event, in that arm (never in both),
    with their impressions, adds from a block and the orders (value) they placed
    from their first exposure on."""
    low, high = _bounds(start, end)
    period = Event.objects.filter(occurred_at__gte=low, occurred_at__lt=high,
                                  visitor_id__isnull=False)
    first, impressions, arms = {}, defaultdict(int), defaultdict(set)
    for visitor, when, data in (period.filter(type=EventType.RECOMMENDATION_SHOWN,
                                              data__has_key="arm")
                                .order_by("occurred_at", "id")
                                .values_list("visitor_id", "occurred_at", "data")
                                .iterator(chunk_size=CHUNK)):
        first.setdefault(visitor, (data["arm"], when))
        arms[visitor].add(data["arm"])
        if data.get("products"):
            impressions[visitor] += 1
    # A visitor met in both arms (their cookie lost, two first pages at once) would
    # blur the comparison: left out.
    first = {visitor: seen for visitor, seen in first.items() if len(arms[visitor]) == 1}
    adds = defaultdict(int)
    for visitor in (period.filter(type=EventType.RECOMMENDATION_CLICKED, data__has_key="arm")
                    .values_list("visitor_id", flat=True).iterator(chunk_size=CHUNK)):
        adds[visitor] += 1
    orders, revenue = defaultdict(int), defaultdict(Decimal)
    for visitor, when, value in (period.filter(type=EventType.ORDER_PLACED)
                                 .values_list("visitor_id", "occurred_at", "value")
                                 .iterator(chunk_size=CHUNK)):
        if visitor in first and when >= first[visitor][1]:
            orders[visitor] += 1
            revenue[visitor] += value or 0
    return [experiment.Visitor(arm, impressions[visitor], adds[visitor], orders[visitor],
                               float(revenue[visitor]))
            for visitor, (arm, _) in first.items()]
