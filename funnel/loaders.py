"""Thin ORM layer for the funnel report: rollups, orders and baskets as plain data."""

from datetime import datetime, time, timedelta

from django.apps import apps
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.module_loading import import_string
from oscar.core.loading import get_model

from sales.queries import counted_orders

from . import conf
from .models import DailyRollup

Basket = get_model("basket", "Basket")
BasketLine = get_model("basket", "Line")


def _bounds(start, end):
    return (timezone.make_aware(datetime.combine(start, time.min)),
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)))


def rollup_rows(start, end, channel=None):
    """The period's rollups summed per type, channel, product and page (in SQL)."""
    rows = DailyRollup.objects.filter(date__gte=start, date__lte=end)
    if channel:
        rows = rows.filter(channel=channel)
    return list(rows.values("type", "channel", "product_id", "page_id", "campaign").annotate(
        events=Sum("events"), sessions=Sum("sessions"), new_sessions=Sum("new_sessions"),
        value=Sum("value")).order_by())


AUTOMATED_MAIL = {"review_request": "Review requests", "basket_reminder": "Basket reminders"}


def campaign_labels(campaigns):
    """What the operator reads for each mail campaign: the automated mails' names, and
    what the project's ``FUNNEL_CAMPAIGN_LABELS`` callable says of its own (newsletters)."""
    from .rollups import OTHER_CAMPAIGNS

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
    return list(DailyRollup.objects.order_by().values_list("channel", flat=True).distinct())


def orders(start=None, end=None):
    """(customer id or None, placed date, total) of every non-cancelled order."""
    qs = counted_orders()
    if start and end:
        low, high = _bounds(start, end)
        qs = qs.filter(date_placed__gte=low, date_placed__lt=high)
    return [(user, timezone.localtime(placed).date(), total)
            for user, placed, total in qs.values_list("user_id", "date_placed",
                                                      "total_incl_tax").iterator()]


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
    from .models import Event, EventType

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
