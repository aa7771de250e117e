"""Daily rollups of the raw events: built a whole day at a time, idempotently.

``build`` recomputes every day from the one holding the last rolled-up moment
up to today: rerunning it gives the same rows, and days before that are never
touched again, so purging old raw events keeps their aggregates.
"""

from datetime import datetime, time, timedelta

from django.db import connections, router, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from sales.queries import bought_lines

from . import conf
from .channels import EMAIL
from .models import DailyRollup, Event, EventType, RollupState

VISIT = "visit"  # synthetic type: any event, so a session counts once per day
ORDERED = "order_product"  # synthetic type, per product: tracked orders holding it
OTHER_CAMPAIGNS = "(other)"  # utm_campaign values that name no known campaign
ATTRIBUTED = {  # synthetic types: orders credited to what the visitor saw before
    # Within ATTRIBUTION_DAYS before the order:
    "content": "order_after_content",  # per page: the same visitor read it
    "recommendation": "order_from_recommendation",  # the basket took a suggestion
    "reviews": "order_after_reviews",  # the same visitor read reviews
    "email": "order_from_email",  # per campaign: landed from it, or clicked it
}

# Per-product and per-page rows for the types the reports break down.
PRODUCT_TYPES = (EventType.PRODUCT_VIEW, EventType.BASKET_ADD, EventType.RECOMMENDATION_CLICKED)
PAGE_TYPES = (EventType.CONTENT_VIEW,)
# Per-campaign rows: each mail event is unique per recipient (its id says so), so
# events are people. Sent and opened are not visits to the shop.
MAIL_TYPES = (EventType.EMAIL_SENT, EventType.EMAIL_OPENED, EventType.EMAIL_CLICKED)
NOT_VISITS = (EventType.EMAIL_SENT, EventType.EMAIL_OPENED)


def _day_bounds(day):
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def _aggregate(events, extra=(), by_type=True):
    return (events.annotate(day=TruncDate("occurred_at"))
            .values("day", *(("type",) if by_type else ()), "channel", *extra)
            .annotate(events=Count("id"),
                      sessions=Count("session_id", distinct=True),
                      anonymous=Count("id", filter=Q(session_id__isnull=True)),
                      new_sessions=Count("session_id", distinct=True,
                                         filter=Q(new_visitor=True)),
                      visitors=Count("visitor_id", distinct=True),
                      value=Sum("value"))
            .order_by())


def rows_for(first_day, last_day):
    """DailyRollup rows (unsaved) for the days ``first_day``..``last_day``."""
    start, _ = _day_bounds(first_day)
    _, end = _day_bounds(last_day)
    events = Event.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    rows = []
    visits = _aggregate(events.exclude(type__in=NOT_VISITS), by_type=False)
    groups = [(_aggregate(events), None, None, None),
              (_aggregate(events.filter(type__in=PRODUCT_TYPES, product__isnull=False),
                          ["product_id"]), "product_id", None, None),
              (_aggregate(events.filter(type__in=PAGE_TYPES, page_id__isnull=False),
                          ["page_id"]), None, "page_id", None),
              (_aggregate(events.filter(type__in=MAIL_TYPES).exclude(campaign=""),
                          ["campaign"]), None, None, "campaign"),
              ([{**row, "type": VISIT} for row in visits], None, None, None)]
    for aggregated, product_key, page_key, campaign_key in groups:
        for row in aggregated:
            rows.append(DailyRollup(
                date=row["day"], type=row["type"], channel=row["channel"],
                product_id=row[product_key] if product_key else 0,
                page_id=row[page_key] if page_key else 0,
                campaign=row[campaign_key] if campaign_key else "",
                events=row["events"], sessions=row["sessions"] + row["anonymous"],
                new_sessions=row["new_sessions"], visitors=row["visitors"],
                value=row["value"] or 0))
    rows += _attributed(events) + _ordered_products(events)
    return rows


def _ordered_products(events):
    """Per product, the tracked orders (with an ``order_placed`` event) that hold it:
    the basket→order rate compares like with like, not imported history."""
    placed = {row["order_id"]: row for row in events.filter(
        type=EventType.ORDER_PLACED, order__isnull=False).values(
        "order_id", "occurred_at", "channel")}
    if not placed:
        return []
    counts = {}
    lines = (bought_lines().filter(order_id__in=list(placed))
             .values_list("order_id", "product_id").distinct().order_by())
    for order_id, product_id in lines:
        event = placed[order_id]
        key = (timezone.localtime(event["occurred_at"]).date(), event["channel"], product_id)
        counts[key] = counts.get(key, 0) + 1
    return [DailyRollup(date=day, type=ORDERED, channel=channel, product_id=product_id,
                        events=count, sessions=count)
            for (day, channel, product_id), count in counts.items()]


def _attributed(events):
    """Orders (and their revenue) credited to content, suggestions and reviews."""
    orders = list(events.filter(type=EventType.ORDER_PLACED).values(
        "occurred_at", "visitor_id", "basket_id", "channel", "campaign", "value", "order_id"))
    if not orders:
        return []
    window = timedelta(days=conf.get("ATTRIBUTION_DAYS"))
    earliest = min(o["occurred_at"] for o in orders) - window
    latest = max(o["occurred_at"] for o in orders)
    visitors = {o["visitor_id"] for o in orders if o["visitor_id"]}
    baskets = {o["basket_id"] for o in orders if o["basket_id"]}
    seen = Event.objects.filter(occurred_at__gte=earliest, occurred_at__lte=latest).filter(
        Q(visitor_id__in=visitors, type__in=[EventType.CONTENT_VIEW, EventType.REVIEWS_READ,
                                             EventType.EMAIL_CLICKED])
        | Q(basket_id__in=baskets, type=EventType.RECOMMENDATION_CLICKED)).values(
        "type", "visitor_id", "basket_id", "page_id", "campaign", "occurred_at")
    known = known_campaigns()
    by_visitor, rec_baskets = {}, set()
    for event in seen:
        if event["type"] == EventType.RECOMMENDATION_CLICKED:
            rec_baskets.add(event["basket_id"])
        else:
            by_visitor.setdefault(event["visitor_id"], []).append(event)
    totals = {}

    def credit(day, kind, channel, page_id, value, campaign=""):
        key = (day, kind, channel, page_id, campaign)
        count, amount = totals.get(key, (0, 0))
        totals[key] = (count + 1, amount + (value or 0))

    for order in orders:
        day = timezone.localtime(order["occurred_at"]).date()
        before = [e for e in by_visitor.get(order["visitor_id"], [])
                  if order["occurred_at"] - window <= e["occurred_at"] <= order["occurred_at"]]
        for page_id in sorted({e["page_id"] for e in before
                               if e["type"] == EventType.CONTENT_VIEW and e["page_id"]}):
            credit(day, ATTRIBUTED["content"], order["channel"], page_id, order["value"])
        if any(e["type"] == EventType.REVIEWS_READ for e in before):
            credit(day, ATTRIBUTED["reviews"], order["channel"], 0, order["value"])
        if order["basket_id"] in rec_baskets:
            credit(day, ATTRIBUTED["recommendation"], order["channel"], 0, order["value"])
        mails = {e["campaign"] for e in before
                 if e["type"] == EventType.EMAIL_CLICKED and e["campaign"]}
        if order["channel"] == EMAIL and order["campaign"]:
            mails.add(order["campaign"] if order["campaign"] in known
                      else OTHER_CAMPAIGNS)
        for campaign in sorted(mails):
            credit(day, ATTRIBUTED["email"], order["channel"], 0, order["value"], campaign)
    return [DailyRollup(date=day, type=kind, channel=channel, page_id=page_id,
                        campaign=campaign, events=count, sessions=count, value=amount)
            for (day, kind, channel, page_id, campaign), (count, amount) in totals.items()]


def known_campaigns():
    """Campaigns an order may be credited to: those of mails actually sent (raw or
    rolled-up ``email_sent`` events) and those declared in ``FUNNEL_CAMPAIGNS``."""
    sent = set(Event.objects.filter(type=EventType.EMAIL_SENT).exclude(campaign="")
               .values_list("campaign", flat=True).distinct().order_by())
    sent |= set(DailyRollup.objects.filter(type=EventType.EMAIL_SENT).exclude(campaign="")
                .values_list("campaign", flat=True).distinct().order_by())
    return sent | set(conf.get("CAMPAIGNS"))


def build(now=None):
    """Roll up every day not yet final; return (days rebuilt, rows written)."""
    now = now or timezone.now()
    state, _ = RollupState.objects.get_or_create(pk=1)
    if state.built_until is None:
        first_event = Event.objects.order_by("occurred_at").values_list(
            "occurred_at", flat=True).first()
        if first_event is None:
            return 0, 0
        first_day = timezone.localtime(first_event).date()
    else:
        first_day = timezone.localtime(state.built_until).date()
    last_day = timezone.localtime(now).date()
    with transaction.atomic():
        rows = rows_for(first_day, last_day)
        DailyRollup.objects.filter(date__gte=first_day, date__lte=last_day).delete()
        DailyRollup.objects.bulk_create(rows, batch_size=2000)
        state.built_until = now
        state.save(update_fields=["built_until"])
    return (last_day - first_day).days + 1, len(rows)


def purge(now=None):
    """Delete raw events older than RETENTION_DAYS that are already rolled up."""
    now = now or timezone.now()
    state = RollupState.objects.filter(pk=1).first()
    cutoff = now - timedelta(days=conf.get("RETENTION_DAYS"))
    if state is None or state.built_until is None:
        return 0
    cutoff = min(cutoff, timezone.make_aware(datetime.combine(
        timezone.localtime(state.built_until).date(), time.min)))
    return _delete_before(cutoff)


def _delete_before(cutoff):
    """Delete the events before ``cutoff`` with plain ``DELETE`` statements: a day at
    a time on SQLite, whose single write lock would otherwise hold every checkout
    and page view for the whole purge; in one statement elsewhere.

    ``QuerySet.delete()`` fetches each row and signals it whenever any receiver
    listens to every model (haystack's realtime processor, Oscar's default, does):
    minutes for millions of events that nothing points to."""
    connection = connections[router.db_for_write(Event)]
    field = Event._meta.get_field("occurred_at")
    table, column = map(connection.ops.quote_name, (Event._meta.db_table, field.column))
    bounds = [cutoff]
    if connection.vendor == "sqlite":
        first = Event.objects.filter(occurred_at__lt=cutoff).order_by("occurred_at").values_list(
            "occurred_at", flat=True).first()
        days = (cutoff - first).days if first else 0
        bounds = [cutoff - timedelta(days=n) for n in range(days, 0, -1)] + [cutoff]
    deleted = 0
    with connection.cursor() as cursor:
        for bound in bounds:  # outside a transaction, each statement commits on its own
            cursor.execute(f"DELETE FROM {table} WHERE {column} < %s",
                           [field.get_db_prep_value(bound, connection)])
            deleted += cursor.rowcount
    return deleted
