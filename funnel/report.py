"""The funnel report as pure functions over rollup rows and order facts.

Rows are dicts with ``type``, ``channel``, ``product_id``, ``page_id``,
``campaign``, ``events``, ``sessions``, ``new_sessions``, ``value`` (what ``loaders`` reads
from ``DailyRollup``); orders are (customer, placed date, total) tuples.
"""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from sales.stats import wilson_lower_bound

from .models import EventType
from .rollups import ATTRIBUTED, ORDERED, VISIT

# (step, label, the step its conversion is measured from). Reading a guide is an
# optional step of the marketing funnel: it and the product view are measured
# from all visits, so a product view need not follow a guide.
FUNNEL_STEPS = [
    (VISIT, "Visits", None),
    (EventType.CONTENT_VIEW, "Content view", VISIT),
    (EventType.PRODUCT_VIEW, "Product view", VISIT),
    (EventType.BASKET_ADD, "Basket", EventType.PRODUCT_VIEW),
    (EventType.CHECKOUT_START, "Checkout start", EventType.BASKET_ADD),
    (EventType.SHIPPING_ADDRESS, "Shipping address", EventType.CHECKOUT_START),
    (EventType.SHIPPING_METHOD, "Shipping method", EventType.SHIPPING_ADDRESS),
    (EventType.PAYMENT_METHOD, "Payment method", EventType.SHIPPING_METHOD),
    (EventType.PREVIEW, "Preview", EventType.PAYMENT_METHOD),
    (EventType.ORDER_PLACED, "Order", EventType.PREVIEW),
]


def _totals(rows):
    """Rows of the whole shop (not broken down by product, page or mail campaign)."""
    return [r for r in rows
            if not r["product_id"] and not r["page_id"] and not r.get("campaign")]


def _ratio(part, whole):
    return part / whole if whole else None


def funnel(rows):
    """[{step, label, sessions, step_rate, drop_off, overall_rate}] in funnel order:
    each rate against the step it follows from, overall against all visits."""
    sessions = defaultdict(int)
    for row in _totals(rows):
        sessions[row["type"]] += row["sessions"]
    visits = sessions[VISIT]
    steps = []
    for step, label, base in FUNNEL_STEPS:
        count = sessions[step]
        before = sessions[base] if base else None
        steps.append({"step": step, "label": label, "sessions": count,
                      "step_rate": _ratio(count, before) if base else None,
                      "drop_off": max(before - count, 0) if base else None,
                      "overall_rate": _ratio(count, visits)})
    return steps


def funnel_by_channel(rows):
    """The funnel per landing channel; a channel with nothing in any step (mail sent
    and opened lands no visit) is left out."""
    channels = sorted({r["channel"] for r in rows})
    by_channel = {channel: funnel([r for r in rows if r["channel"] == channel])
                  for channel in channels}
    return {channel: steps for channel, steps in by_channel.items()
            if any(step["sessions"] for step in steps)}


def traffic(rows):
    """Tracked activity: visits (sessions per day), of them by new and returning
    visitors, the orders those visits placed, their revenue and average, and the
    conversion rate (visits with an order among all visits)."""
    totals = _totals(rows)
    visits = [r for r in totals if r["type"] == VISIT]
    total = sum(r["sessions"] for r in visits)
    new = sum(r["new_sessions"] for r in visits)
    placed = [r for r in totals if r["type"] == EventType.ORDER_PLACED]
    orders = sum(r["events"] for r in placed)
    converted = sum(r["sessions"] for r in placed)
    revenue = sum((Decimal(r["value"] or 0) for r in placed), Decimal(0))
    return {"visits": total, "new": new, "returning": total - new, "orders": orders,
            "revenue": revenue, "average_order_value": revenue / orders if orders else None,
            "converted": converted, "conversion_rate": _ratio(converted, total)}


def compare(current, previous, names):
    """Each figure of ``names`` now, in the previous period, the change and the
    relative change (None where the previous figure is missing or zero)."""
    out = {}
    for name in names:
        now, before = current.get(name), previous.get(name)
        delta = now - before if now is not None and before is not None else None
        out[name] = {"value": now, "previous": before, "delta": delta,
                     "change": delta / before if delta is not None and before else None}
    return out


def previous_period(start, end):
    """The period of the same length just before ``start``..``end``."""
    length = end - start + timedelta(days=1)
    return start - length, start - timedelta(days=1)


def trend(daily, start, end):
    """One row per day of the period, empty days included: visits, orders and the
    conversion rate (visits with an order among visits)."""
    days, day = [], start
    while day <= end:
        row = daily.get(day, {})
        visits, converted = row.get("visits", 0), row.get("converted", 0)
        days.append({"day": day, "visits": visits, "orders": row.get("orders", 0),
                     "conversion_rate": _ratio(converted, visits)})
        day += timedelta(days=1)
    return days


def chart(days, series, width=600, height=48):
    """SVG polyline points per series (each scaled to its own maximum), for small
    multiples that show the shape of each figure over the period."""
    step = width / max(len(days) - 1, 1)
    out = []
    for name, label in series:
        values = [day[name] or 0 for day in days]
        top = max(values, default=0) or 1
        points = " ".join(f"{i * step:.1f},{height - height * v / top:.1f}"
                          for i, v in enumerate(values))
        out.append({"name": name, "label": label, "points": points,
                    "top": max(values, default=0), "total": sum(values)})
    return out


def mail_campaigns(rows):
    """Per mail campaign: recipients sent, opened and clicked, the rates, and the
    orders and revenue credited to it; newest newsletter first is the caller's
    business, here biggest first."""
    stats = defaultdict(lambda: {"sent": 0, "opened": 0, "clicked": 0, "orders": 0,
                                 "revenue": Decimal(0)})
    fields = {EventType.EMAIL_SENT: "sent", EventType.EMAIL_OPENED: "opened",
              EventType.EMAIL_CLICKED: "clicked"}
    for row in rows:
        campaign = row.get("campaign")
        if not campaign:
            continue
        if row["type"] in fields:
            stats[campaign][fields[row["type"]]] += row["events"]
        elif row["type"] == ATTRIBUTED["email"]:
            stats[campaign]["orders"] += row["events"]
            stats[campaign]["revenue"] += Decimal(row["value"])
    return sorted(({"campaign": c, **s, "open_rate": _ratio(s["opened"], s["sent"]),
                    "click_rate": _ratio(s["clicked"], s["sent"])} for c, s in stats.items()),
                  key=lambda r: (-r["sent"], r["campaign"]))


def email(rows):
    count = defaultdict(int)
    for row in _totals(rows):
        count[row["type"]] += row["events"]
    sent = count[EventType.EMAIL_SENT]
    return {"sent": sent, "opened": count[EventType.EMAIL_OPENED],
            "clicked": count[EventType.EMAIL_CLICKED],
            "open_rate": _ratio(count[EventType.EMAIL_OPENED], sent),
            "click_rate": _ratio(count[EventType.EMAIL_CLICKED], sent)}


def worst_products(rows, minimum_views, minimum_baskets, limit=10, z=1.96):
    """Products where shoppers most surely drop out, among those with at least
    ``minimum_views`` views (``minimum_baskets`` baskets): ranked by the lower
    confidence bound of the drop-out rate (at least this share left without adding,
    or without ordering, with 95% confidence), so 3 of 3 views without an add does
    not outrank 180 of 200. Orders are tracked orders holding the product, so
    imported history is not counted."""
    views, adds, orders_by_product = defaultdict(int), defaultdict(int), defaultdict(int)
    counters = {EventType.PRODUCT_VIEW: views, EventType.BASKET_ADD: adds,
                ORDERED: orders_by_product}
    for row in rows:
        if row["product_id"] and row["type"] in counters:
            counters[row["type"]][row["product_id"]] += row["sessions"]
    table = []
    for product_id in set(views) | set(adds):
        seen, added = views.get(product_id, 0), adds.get(product_id, 0)
        ordered = min(orders_by_product.get(product_id, 0), added)
        table.append({"product_id": product_id, "views": seen, "baskets": added,
                      "orders": ordered, "view_to_basket": _ratio(added, seen),
                      "basket_to_order": _ratio(ordered, added),
                      "view_drop_off": wilson_lower_bound(max(seen - added, 0), seen, z),
                      "basket_drop_off": wilson_lower_bound(added - ordered, added, z)})
    by_view = sorted((r for r in table if r["views"] >= minimum_views),
                     key=lambda r: (-r["view_drop_off"], -r["views"]))[:limit]
    by_basket = sorted((r for r in table if r["baskets"] >= minimum_baskets),
                       key=lambda r: (-r["basket_drop_off"], -r["baskets"]))[:limit]
    return by_view, by_basket


def pages(rows):
    """Content pages by the orders and revenue they led to (the same visitor, within
    ``ATTRIBUTION_DAYS``)."""
    stats = defaultdict(lambda: {"views": 0, "orders": 0, "revenue": Decimal(0)})
    for row in rows:
        if not row["page_id"]:
            continue
        if row["type"] == EventType.CONTENT_VIEW:
            stats[row["page_id"]]["views"] += row["sessions"]
        elif row["type"] == ATTRIBUTED["content"]:
            stats[row["page_id"]]["orders"] += row["events"]
            stats[row["page_id"]]["revenue"] += Decimal(row["value"])
    return sorted(({"page_id": pk, **s} for pk, s in stats.items()),
                  key=lambda r: (-r["revenue"], -r["orders"], -r["views"]))


def influenced_revenue(rows):
    """Orders and revenue credited to suggestions, content and reviews (an order
    that followed two guides counts for each: "influenced", not split)."""
    out = {}
    for name, kind in ATTRIBUTED.items():
        chosen = [r for r in rows if r["type"] == kind]
        out[name] = {"orders": sum(r["events"] for r in chosen),
                     "revenue": sum((Decimal(r["value"]) for r in chosen), Decimal(0))}
    return out


def order_metrics(orders):
    """Orders, revenue, average order value ("deal size") and repeat-purchase rate.

    ``orders``: (customer or None, placed date, total); the repeat rate counts
    customers with two or more orders among customers with any.
    """
    count = len(orders)
    revenue = sum((total for _, _, total in orders), Decimal(0))
    per_customer = defaultdict(int)
    for customer, _, _ in orders:
        if customer is not None:
            per_customer[customer] += 1
    repeat = sum(1 for n in per_customer.values() if n >= 2)
    return {"orders": count, "revenue": revenue,
            "average_order_value": revenue / count if count else None,
            "customers": len(per_customer), "repeat_customers": repeat,
            "repeat_rate": _ratio(repeat, len(per_customer))}


def cohorts(orders, months=6, today=None):
    """Monthly retention: per month of first order, the share of its customers
    ordering again in each following month (month 0 is 100%); months that have
    not happened yet (after ``today``) are None, not 0%."""
    first, active = {}, defaultdict(set)
    for customer, placed, _ in sorted((o for o in orders if o[0] is not None),
                                      key=lambda o: o[1]):
        month = (placed.year, placed.month)
        first.setdefault(customer, month)
        active[customer].add(month)
    table = defaultdict(lambda: [0] * months)
    sizes = defaultdict(int)
    for customer, start in first.items():
        sizes[start] += 1
        for year, month in active[customer]:
            offset = (year - start[0]) * 12 + (month - start[1])
            if 0 <= offset < months:
                table[start][offset] += 1
    now = (today.year, today.month) if today else None

    def elapsed(start, offset):
        return now is None or (now[0] - start[0]) * 12 + now[1] - start[1] >= offset

    return [{"cohort": f"{y}-{m:02d}", "customers": sizes[(y, m)],
             "retention": [n / sizes[(y, m)] if elapsed((y, m), i) else None
                           for i, n in enumerate(table[(y, m)])]}
            for (y, m) in sorted(table)]
