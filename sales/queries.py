"""Counted sales as querysets and plain data: order lines, orders, best sellers."""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from oscar.core.loading import get_model

DEFAULT_CANCELLED_STATUSES = ("Cancelled",)


def cancelled_statuses():
    """Order and line statuses that mean "not bought" (``SALES_CANCELLED_STATUSES``:
    a list of statuses; a single status written as a string counts as one)."""
    value = getattr(settings, "SALES_CANCELLED_STATUSES", DEFAULT_CANCELLED_STATUSES)
    return (value,) if isinstance(value, str) else tuple(value)


def counted_orders():
    """Orders that count as sales: every order but the cancelled ones."""
    return get_model("order", "Order").objects.exclude(status__in=cancelled_statuses())


def bought_lines(since=None):
    """Order lines that count as bought: a product, neither line nor order cancelled.

    ``since`` (a date or an aware datetime) keeps the orders placed from then on.
    """
    cancelled = cancelled_statuses()
    lines = (get_model("order", "Line").objects.filter(product__isnull=False)
             .exclude(status__in=cancelled).exclude(order__status__in=cancelled))
    if since is not None:
        if not isinstance(since, datetime):
            since = timezone.make_aware(datetime.combine(since, time.min))
        lines = lines.filter(order__date_placed__gte=since)
    return lines


def purchase_counts(product_ids, days, now=None):
    """{product id: distinct orders in the last ``days`` days}: one query for any number."""
    since = (now or timezone.now()) - timedelta(days=days)
    rows = (bought_lines(since).filter(product_id__in=list(product_ids))
            .values("product_id").annotate(orders=Count("order_id", distinct=True))
            .values_list("product_id", "orders").order_by())
    return dict(rows)


def best_seller_ids(days, limit, category=None, now=None):
    """Product ids by distinct orders in the last ``days`` days, best first; within
    ``category`` (subcategories included) when given."""
    if category is None:
        since = (now or timezone.now()) - timedelta(days=days)
        return list(bought_lines(since).values("product_id")
                    .annotate(orders=Count("order_id", distinct=True))
                    .order_by("-orders", "product_id").values_list("product_id", flat=True)
                    [:limit])
    return category_best_sellers([category], days, limit, now=now).get(category.pk, [])


def category_best_sellers(categories, days, limit, now=None):
    """{category id: product ids by distinct orders in ``days`` days}, subcategories
    included: one query for any number of categories."""
    categories = [c for c in categories if c is not None]
    if not categories:
        return {}
    condition = Q()
    for category in categories:
        condition |= Q(product__categories__path__startswith=category.path)
    since = (now or timezone.now()) - timedelta(days=days)
    rows = (bought_lines(since).filter(condition)
            .values("product_id", "product__categories__path")
            .annotate(orders=Count("order_id", distinct=True)).order_by())
    scores = defaultdict(dict)
    for row in rows:
        for category in categories:
            if row["product__categories__path"].startswith(category.path):
                best = scores[category.pk]
                best[row["product_id"]] = max(best.get(row["product_id"], 0), row["orders"])
    return {pk: [p for p, _ in sorted(found.items(), key=lambda item: (-item[1], item[0]))][
        :limit] for pk, found in scores.items()}
