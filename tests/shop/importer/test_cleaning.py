"""The pure rules of the importer: no database."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from shop.importer.categories import OTHER, all_breadcrumbs, categorise
from shop.importer.cleaning import StrictError, clean_rows, is_product_code
from shop.importer.history import CANCELLED, COMPLETE, build_history, shift_for_today, tidy_title


def rows(*cells):
    return [(number, list(row)) for number, row in enumerate(cells, start=2)]


SALE = ["536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", "6", "2010-12-01 08:26:00",
        "2.55", "17850", "United Kingdom"]


def with_(base, **changes):
    index = {"invoice": 0, "code": 1, "description": 2, "quantity": 3, "date": 4, "price": 5,
             "customer": 6, "country": 7}
    row = list(base)
    for key, value in changes.items():
        row[index[key]] = value
    return row


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"quantity": "six"}, "quantity 'six' is not a whole number"),
        ({"quantity": "1.5"}, "quantity '1.5' is not a whole number"),
        ({"price": "abc"}, "price 'abc' is not a number"),
        ({"price": "NaN"}, "price 'NaN' is not a number"),
        ({"date": "31/02/2011"}, "date '31/02/2011' is not a date"),
        ({"date": "2011-02-30 10:00:00"}, "date '2011-02-30 10:00:00' is not a date"),
        ({"code": " "}, "missing StockCode"),
        ({"invoice": ""}, "missing InvoiceNo"),
        ({"customer": "abc"}, "CustomerID 'abc' is not a number"),
    ],
)
def test_each_kind_of_bad_row_is_reported_with_its_line(changes, reason):
    clean = clean_rows(rows(SALE, with_(SALE, **changes), SALE))

    assert [(e.line, e.reason[: len(reason)]) for e in clean.errors] == [(3, reason)]
    assert [sale.line for sale in clean.sales] == [2, 4]


def test_strict_stops_at_the_first_bad_row():
    with pytest.raises(StrictError, match="line 3: price 'x' is not a number"):
        clean_rows(rows(SALE, with_(SALE, price="x"), with_(SALE, quantity="y")), strict=True)


def test_rows_are_classified():
    clean = clean_rows(
        rows(
            SALE,
            with_(SALE, code="POST", price="18.00", quantity="1"),
            with_(SALE, code="M", description="Manual"),
            with_(SALE, code="gift_0001_20"),
            with_(SALE, quantity="-3"),
            with_(SALE, price="0"),
            with_(SALE, invoice="C536379", quantity="-2"),
            with_(SALE, invoice="A563185", code="B", quantity="1"),
            with_(SALE, code="85123a"),
        )
    )

    assert [sale.line for sale in clean.sales] == [2, 10]
    assert clean.sales[1].code == "85123A"  # codes are upper-cased
    assert clean.shipping == {"536365": Decimal("18.00")}
    assert [(r.line, r.quantity) for r in clean.returns] == [(8, 2)]
    assert clean.skipped == {
        "non-product code M": 1,
        "non-product code GIFT_0001_20": 1,
        "quantity <= 0 on a sale (stock adjustment)": 1,
        "price <= 0 (free item or stock note)": 1,
        "bad-debt adjustment (InvoiceNo A…)": 1,
    }
    assert not clean.errors


def test_since_and_until_are_inclusive_days():
    clean = clean_rows(
        rows(
            with_(SALE, date="2011-01-31 23:59:00"),
            with_(SALE, date="2011-02-01 00:00:00"),
            with_(SALE, date="2011-02-28 23:59:00"),
            with_(SALE, date="2011-03-01 00:00:00"),
        ),
        since=date(2011, 2, 1),
        until=date(2011, 2, 28),
    )
    assert [sale.line for sale in clean.sales] == [3, 4]
    assert clean.out_of_range == 2


def test_product_codes():
    assert is_product_code("85123A")
    assert is_product_code("22386")
    for code in ("POST", "DOT", "C2", "M", "BANK CHARGES", "AMAZONFEE", "DCGS0003", "GIFT_0001_10"):
        assert not is_product_code(code)


def test_returns_reduce_then_cancel_the_customers_latest_purchase():
    clean = clean_rows(
        rows(
            with_(SALE, invoice="1", quantity="10", date="2011-01-01 10:00:00"),
            with_(SALE, invoice="2", quantity="5", date="2011-01-05 10:00:00"),
            with_(SALE, invoice="C3", quantity="-7", date="2011-01-06 10:00:00"),
            # another customer's return never touches 17850's orders
            with_(SALE, invoice="C4", quantity="-1", customer="99999", date="2011-01-06 11:00:00"),
        )
    )
    history = build_history(clean)

    first, second = history.orders["1"].lines[0], history.orders["2"].lines[0]
    assert (second.status, second.returned) == (CANCELLED, 5)
    assert (first.status, first.quantity, first.returned) == (COMPLETE, 8, 2)
    assert history.orders["2"].status == CANCELLED
    assert history.orders["2"].total == Decimal("0.00")
    assert history.orders["1"].total == Decimal("20.40")  # 8 x 2.55
    assert (history.units_returned, history.units_unmatched) == (7, 1)


def test_a_return_never_reaches_a_later_purchase():
    clean = clean_rows(
        rows(
            with_(SALE, invoice="C1", quantity="-3", date="2011-01-01 10:00:00"),
            with_(SALE, invoice="2", quantity="5", date="2011-01-05 10:00:00"),
        )
    )
    history = build_history(clean)
    assert history.orders["2"].lines[0].quantity == 5
    assert history.units_unmatched == 3


def test_products_take_the_commonest_title_and_the_median_price():
    clean = clean_rows(
        rows(
            with_(SALE, invoice="1", description="HEART HOLDER", price="1.00"),
            with_(SALE, invoice="2", description="WHITE HEART HOLDER", price="2.00"),
            with_(SALE, invoice="3", description="WHITE HEART HOLDER", price="10.00"),
        )
    )
    product = build_history(clean).products["85123A"]
    assert product.title == "White Heart Holder"
    assert product.price == Decimal("2.00")
    assert product.category == "Home & Living > Storage"  # "HOLDER"


def test_order_totals_are_shipping_plus_active_lines():
    clean = clean_rows(
        rows(
            with_(SALE, quantity="3", price="1.333"),
            with_(SALE, code="22386", quantity="2", price="2.50"),
            with_(SALE, code="POST", quantity="1", price="15.00"),
        )
    )
    order = build_history(clean).orders["536365"]
    assert order.shipping == Decimal("15.00")
    assert order.total == Decimal("3.99") + Decimal("5.00") + Decimal("15.00")


def test_guest_rows_become_orders_without_a_customer():
    history = build_history(clean_rows(rows(with_(SALE, customer=""))))
    assert history.orders["536365"].customer is None
    assert history.customers == {}


@pytest.mark.parametrize(
    "description, category",
    [
        ("WHITE HANGING HEART T-LIGHT HOLDER", "Home & Living > Candles & Lighting"),
        ("CHRISTMAS TREE T-LIGHT HOLDER", "Seasonal > Christmas"),
        ("JUMBO BAG RED RETROSPOT", "Bags & Accessories > Bags"),
        ("REGENCY CAKESTAND 3 TIER", "Kitchen & Dining > Baking"),
        ("PARTY BUNTING", "Gifts > Party"),
        ("ASSORTED COLOUR BIRD ORNAMENT", "Garden & Outdoor"),
        ("INFLATABLE POLITICAL GLOBE", OTHER),
        ("", OTHER),
    ],
)
def test_categories_follow_the_documented_rule(description, category):
    assert categorise(description) == category


def test_every_category_is_a_known_breadcrumb():
    known = set(all_breadcrumbs())
    assert categorise("SPACEBOY LUNCH BOX") in known
    assert len(known) == len(all_breadcrumbs())


def test_titles_are_tidied_only_when_shouted():
    assert tidy_title("WHITE  METAL LANTERN ") == "White Metal Lantern"
    assert tidy_title("WHITE HANGING HEART T-LIGHT HOLDER") == "White Hanging Heart T-Light Holder"
    assert tidy_title("CAN'T LIVE WITHOUT YOU MUG") == "Can't Live Without You Mug"
    assert tidy_title("POPPY'S PLAYHOUSE KITCHEN") == "Poppy's Playhouse Kitchen"
    assert tidy_title("SET/20 RED RETROSPOT PAPER NAPKINS") == "Set/20 Red Retrospot Paper Napkins"
    assert tidy_title("POLYESTER FILLER PAD 30CMx30CM") == "Polyester Filler Pad 30cmx30cm"
    assert tidy_title("3 TRADITIONAl BISCUIT CUTTERS SET") == "3 Traditional Biscuit Cutters Set"
    assert tidy_title("PAPER CHAIN KIT 50'S CHRISTMAS ") == "Paper Chain Kit 50's Christmas"
    assert tidy_title("LUNCH BAG  BLACK SKULL.") == "Lunch Bag Black Skull"
    assert tidy_title("DECORATION , WOBBLY RABBIT , METAL ") == "Decoration, Wobbly Rabbit, Metal"
    assert tidy_title("FANCY FONT BIRTHDAY CARD, ") == "Fancy Font Birthday Card"
    assert tidy_title("Dotcomgiftshop Gift Voucher £20.00") == "Dotcomgiftshop Gift Voucher £20.00"


def test_shift_puts_the_last_invoice_on_yesterday():
    shift = shift_for_today(datetime(2011, 12, 9, 12, 50), date(2026, 11, 25))
    assert (datetime(2011, 12, 9, 12, 50) + shift) == datetime(2026, 11, 24, 12, 50)
