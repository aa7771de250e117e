"""Outcomes per suggestion: what each pair shown to shoppers led to, as pure functions
over plain event rows (``loaders.suggestion_outcomes`` reads them).

A pair is (source, anchor, complement): the block that showed it ("bought_together",
"complete_order"), the product that put the complement forward (the page's product,
or one in the basket; None for a best-seller filler) and the suggested product.

- impression: a ``recommendation_shown`` event listing the pair, one per block
  rendered for a shopper (a suggestion merely stored is never counted);
- click: a ``recommendation_opened`` event, the complement's page opened from the
  block's link (``rec=<source>:<anchor>``);
- add: a ``recommendation_clicked`` event, the complement added to a basket from the
  block. An add without its anchor (the basket's block posts no page product) takes
  the anchor the same visit was last shown the complement with;
- order: a tracked order (``order_placed``) from a basket the pair was added to,
  placed after the add and holding the complement, counted once per pair; its revenue
  is the complement's lines, not the whole order.

Every figure counts events of the period only, and only pairs shown in it are
listed: clicks and adds of pairs not shown then (a forged link, a guide's bundle)
are left out.
"""

from collections import defaultdict
from decimal import Decimal

from .models import EventType

SHOWN = EventType.RECOMMENDATION_SHOWN
OPENED = EventType.RECOMMENDATION_OPENED
ADDED = EventType.RECOMMENDATION_CLICKED
TYPES = (SHOWN, OPENED, ADDED)
COUNTS = ("impressions", "clicks", "adds", "orders")


def shown_pairs(event):
    """The pairs one ``recommendation_shown`` row lists, each once. A row stored
    before anchors were (no ``anchors``) credits its page's product, or None."""
    data = event["data"] or {}
    products = data.get("products") or []
    anchors = data.get("anchors")
    if not isinstance(anchors, list) or len(anchors) != len(products):
        anchors = [event["product_id"]] * len(products)
    return list(dict.fromkeys((data.get("source"), anchor or None, complement)
                              for anchor, complement in zip(anchors, products, strict=True)))


def count_outcomes(events, orders, lines):
    """Impressions, clicks, adds, orders and revenue per pair shown.

    ``events``: rows (type, occurred_at, session_id, basket_id, product_id, data) of
    the period's shown, opened and added events, oldest first; ``orders``: rows
    (order_id, basket_id, occurred_at) of its ``order_placed`` events;
    ``lines``: {order id: [(product id, line price incl. tax)]} of their bought lines.
    Returns [{source, anchor_id, complement_id, impressions, clicks, click_rate,
    adds, orders, revenue}], most shown first.
    """
    figures = defaultdict(lambda: dict.fromkeys(COUNTS, 0) | {"revenue": Decimal(0)})
    last_anchor = {}  # (session, source, complement) -> the anchor it was last shown with
    added = defaultdict(list)  # basket id -> [(when, pair)]
    for event in events:
        data = event["data"] or {}
        if event["type"] == SHOWN:
            for pair in shown_pairs(event):
                figures[pair]["impressions"] += 1
                if event["session_id"]:
                    last_anchor[event["session_id"], pair[0], pair[2]] = pair[1]
        elif event["type"] == OPENED:
            pair = (data.get("source"), data.get("from_product") or None, event["product_id"])
            figures[pair]["clicks"] += 1
        elif event["type"] == ADDED:
            pair = _added_pair(event, data, last_anchor)
            figures[pair]["adds"] += 1
            if event["basket_id"]:
                added[event["basket_id"]].append((event["occurred_at"], pair))
    for order in orders:
        held = defaultdict(Decimal)
        for product_id, price in lines.get(order["order_id"], ()):
            held[product_id] += price or 0
        for pair in {pair for when, pair in added.get(order["basket_id"], ())
                     if when < order["occurred_at"] and pair[2] in held}:
            figures[pair]["orders"] += 1
            figures[pair]["revenue"] += held[pair[2]]
    rows = [{"source": source, "anchor_id": anchor, "complement_id": complement, **counts,
             "click_rate": counts["clicks"] / counts["impressions"]}
            for (source, anchor, complement), counts in figures.items()
            if counts["impressions"]]
    rows.sort(key=lambda r: (-r["impressions"], str(r["source"]), r["anchor_id"] or 0,
                             r["complement_id"]))
    return rows


def _added_pair(event, data, last_anchor):
    source, anchor = data.get("source"), data.get("from_product") or None
    if anchor is None and event["session_id"]:
        anchor = last_anchor.get((event["session_id"], source, event["product_id"]))
    return source, anchor, event["product_id"]
