"""Report figures on constructed data, checked by hand."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from funnel import conf, report
from funnel.models import EventType as T
from funnel.rollups import ATTRIBUTED, ORDERED, VISIT


def row(type, sessions, channel="direct", product_id=0, page_id=0, events=None, value=0,
        new_sessions=0):
    return {"date": date(2026, 11, 1), "type": type, "channel": channel,
            "product_id": product_id, "page_id": page_id, "events": events or sessions,
            "sessions": sessions, "new_sessions": new_sessions, "value": value}


ROWS = [
    row(VISIT, 100, new_sessions=60), row(T.CONTENT_VIEW, 40), row(T.PRODUCT_VIEW, 80),
    row(T.BASKET_ADD, 20), row(T.CHECKOUT_START, 10), row(T.SHIPPING_ADDRESS, 9),
    row(T.SHIPPING_METHOD, 9), row(T.PAYMENT_METHOD, 8), row(T.PREVIEW, 8),
    row(T.ORDER_PLACED, 5, value=Decimal("250.00")),
    row(T.PRODUCT_VIEW, 50, product_id=1), row(T.BASKET_ADD, 5, product_id=1),
    row(T.PRODUCT_VIEW, 30, product_id=2), row(T.BASKET_ADD, 15, product_id=2),
    row(T.PRODUCT_VIEW, 2, product_id=3),
    row(ORDERED, 1, product_id=1), row(ORDERED, 12, product_id=2),
    row(T.CONTENT_VIEW, 40, page_id=7), row(ATTRIBUTED["content"], 3, page_id=7,
                                              value=Decimal("120.00")),
    row(ATTRIBUTED["recommendation"], 2, value=Decimal("80.00")),
    row(T.EMAIL_SENT, 0, events=200), row(T.EMAIL_OPENED, 0, events=50),
    row(T.EMAIL_CLICKED, 0, events=10),
]


def test_funnel_steps_rates_and_drop_off():
    steps = {s["step"]: s for s in report.funnel(ROWS)}
    assert steps[VISIT]["sessions"] == 100
    assert steps[T.PRODUCT_VIEW]["sessions"] == 80  # per-product rows are not added in
    assert steps[T.PRODUCT_VIEW]["step_rate"] == 80 / 100  # from visits, not from guides
    assert steps[T.CONTENT_VIEW]["step_rate"] == 40 / 100
    assert steps[T.BASKET_ADD]["step_rate"] == 20 / 80
    assert steps[T.BASKET_ADD]["drop_off"] == 60
    assert steps[T.ORDER_PLACED]["overall_rate"] == 5 / 100


def test_traffic_and_email():
    assert report.traffic(ROWS) == {
        "visits": 100, "new": 60, "returning": 40, "orders": 5, "converted": 5,
        "conversion_rate": 0.05, "revenue": Decimal("250.00"),
        "average_order_value": Decimal("50.00")}
    assert report.email(ROWS) == {"sent": 200, "opened": 50, "clicked": 10,
                                  "open_rate": 0.25, "click_rate": 0.05}


def test_worst_products():
    by_view, by_basket = report.worst_products(ROWS, minimum_views=3, minimum_baskets=3)
    assert [r["product_id"] for r in by_view] == [1, 2]  # 10% before 50%; 3 has 2 views
    assert [r["product_id"] for r in by_basket] == [1, 2]  # 20% before 80%
    assert by_basket[1]["basket_to_order"] == 12 / 15


def test_worst_products_need_a_sample_and_rank_by_the_surest_drop_out():
    """3 of 3 views without an add is a 100% drop-out but says little; 180 of 200
    is surely bad. The default minimum (20 views) hides the first, and even without
    a minimum the confidence bound puts the large sample first."""
    rows = [row(T.PRODUCT_VIEW, 3, product_id=1),
            row(T.PRODUCT_VIEW, 200, product_id=2), row(T.BASKET_ADD, 20, product_id=2),
            row(T.PRODUCT_VIEW, 30, product_id=3), row(T.BASKET_ADD, 12, product_id=3)]
    by_view, _ = report.worst_products(rows, conf.get("MIN_PRODUCT_VIEWS"),
                                       conf.get("MIN_PRODUCT_BASKETS"))
    assert [r["product_id"] for r in by_view] == [2, 3]
    unfiltered, _ = report.worst_products(rows, minimum_views=1, minimum_baskets=1)
    assert unfiltered[0]["product_id"] == 2  # 90% of 200, not 100% of 3
    tiny = next(r for r in unfiltered if r["product_id"] == 1)
    assert tiny["view_to_basket"] == 0.0 and tiny["view_drop_off"] < 0.5


def test_changes_against_the_previous_period():
    figures = report.compare({"visits": 120, "rate": 0.05, "aov": None},
                             {"visits": 100, "rate": 0.04, "aov": Decimal(3)},
                             ["visits", "rate", "aov"])
    assert figures["visits"] == {"value": 120, "previous": 100, "delta": 20, "change": 0.2}
    assert abs(figures["rate"]["delta"] - 0.01) < 1e-12
    assert figures["aov"]["delta"] is None and figures["aov"]["change"] is None
    assert report.previous_period(date(2026, 11, 1), date(2026, 11, 30)) == (
        date(2026, 10, 2), date(2026, 10, 31))


def test_the_trend_has_every_day_and_the_chart_scales_each_series():
    days = report.trend({date(2026, 11, 2): {"visits": 10, "orders": 2, "converted": 1}},
                        date(2026, 11, 1), date(2026, 11, 3))
    assert [(d["visits"], d["orders"], d["conversion_rate"]) for d in days] == [
        (0, 0, None), (10, 2, 0.1), (0, 0, None)]
    visits, = report.chart(days, [("visits", "Visits")], width=100, height=10)
    assert visits["points"] == "0.0,10.0 50.0,0.0 100.0,10.0"
    assert (visits["top"], visits["total"]) == (10, 10)


def test_mail_campaigns_and_channels_without_visits():
    rows = ROWS + [
        row(T.EMAIL_SENT, 0, channel="", events=100) | {"campaign": "newsletter-3"},
        row(T.EMAIL_OPENED, 0, channel="", events=30) | {"campaign": "newsletter-3"},
        row(T.EMAIL_CLICKED, 4, channel="email") | {"campaign": "newsletter-3"},
        row(ATTRIBUTED["email"], 2, channel="email", value=Decimal("41.50"))
        | {"campaign": "newsletter-3"},
        row(T.EMAIL_SENT, 0, channel="", events=10) | {"campaign": "basket_reminder"}]
    assert report.mail_campaigns(rows) == [
        {"campaign": "newsletter-3", "sent": 100, "opened": 30, "clicked": 4, "orders": 2,
         "revenue": Decimal("41.50"), "open_rate": 0.30, "click_rate": 0.04},
        {"campaign": "basket_reminder", "sent": 10, "opened": 0, "clicked": 0, "orders": 0,
         "revenue": Decimal(0), "open_rate": 0.0, "click_rate": 0.0}]
    # Campaign rows are a breakdown: the shop's totals do not count them twice.
    assert report.email(rows) == report.email(ROWS)
    assert report.traffic(rows)["visits"] == 100
    # Mail sent and opened land no visit: their empty channel is not a funnel row.
    assert list(report.funnel_by_channel(rows)) == ["direct"]


def test_pages_and_influence():
    assert report.pages(ROWS) == [{"page_id": 7, "views": 40, "orders": 3,
                                   "revenue": Decimal("120.00")}]
    influenced = report.influenced_revenue(ROWS)
    assert influenced["recommendation"] == {"orders": 2, "revenue": Decimal("80.00")}
    assert influenced["reviews"] == {"orders": 0, "revenue": Decimal("0")}


def test_order_metrics_and_cohorts():
    orders = [(1, date(2026, 1, 5), Decimal("10")), (1, date(2026, 2, 9), Decimal("30")),
              (2, date(2026, 1, 20), Decimal("20")), (3, date(2026, 2, 1), Decimal("40")),
              (None, date(2026, 2, 2), Decimal("100"))]
    metrics = report.order_metrics(orders)
    assert (metrics["orders"], metrics["revenue"], metrics["average_order_value"]) == (
        5, Decimal("200"), Decimal("40"))
    assert (metrics["customers"], metrics["repeat_customers"], metrics["repeat_rate"]) == (
        3, 1, 1 / 3)
    table = report.cohorts(orders, months=3, today=date(2026, 2, 28))
    assert table == [
        {"cohort": "2026-01", "customers": 2, "retention": [1.0, 0.5, None]},
        {"cohort": "2026-02", "customers": 1, "retention": [1.0, None, None]},
    ]


@given(st.lists(st.tuples(st.sampled_from([VISIT, T.PRODUCT_VIEW, T.BASKET_ADD,
                                           T.ORDER_PLACED]),
                          st.integers(min_value=0, max_value=50),
                          st.sampled_from(["direct", "search"])), max_size=30))
def test_channels_add_up_to_the_whole(triples):
    rows = [row(t, n, channel=c) for t, n, c in triples]
    whole = {s["step"]: s["sessions"] for s in report.funnel(rows)}
    for step in whole:
        assert whole[step] == sum(
            {s["step"]: s["sessions"] for s in steps}[step]
            for steps in report.funnel_by_channel(rows).values())
