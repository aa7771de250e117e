"""``manage.py import_online_retail`` against the real database and real files."""

import csv
import gzip
import re
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.db.models import Count, Sum
from django.utils import timezone
from oscar.core.loading import get_model

from tests.conftest import BUNDLED_EXTRACT

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")
Line = get_model("order", "Line")
User = get_user_model()

pytestmark = pytest.mark.django_db


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_online_retail", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot():
    return (
        Product.objects.count(),
        StockRecord.objects.count(),
        User.objects.count(),
        Order.objects.count(),
        Line.objects.count(),
        Category.objects.count(),
    )


GOOD = [
    ["536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", "6", "2010-12-01 08:26:00",
     "2.55", "17850", "United Kingdom"],
    ["536365", "71053", "WHITE METAL LANTERN", "6", "2010-12-01 08:26:00", "3.39", "17850",
     "United Kingdom"],
    ["536366", "22633", "HAND WARMER UNION JACK", "6", "2010-12-01 08:28:00", "1.85", "",
     "France"],
]


def test_good_rows_become_products_customers_and_orders(write_retail_csv):
    out, err = run(write_retail_csv(GOOD))

    assert err == ""
    assert "Imported 3 products" in out
    order = Order.objects.get(number="536365")
    assert order.user.email == "customer-17850@example.invalid"
    assert not order.user.has_usable_password()
    assert order.user.date_joined == order.date_placed  # joined with the first order
    assert order.total_incl_tax == Decimal("15.30") + Decimal("20.34")
    assert order.status == "Complete"
    assert order.shipping_address.country_id == "GB"
    assert order.shipping_address.line1 == "Imported order history"
    assert timezone.localtime(order.date_placed).strftime("%Y-%m-%d %H:%M") == "2010-12-01 08:26"
    assert [(line.upc, line.quantity) for line in order.lines.order_by("id")] == [
        ("85123A", 6), ("71053", 6)]

    guest = Order.objects.get(number="536366")
    assert guest.user is None
    assert guest.guest_email == "guest-536366@example.invalid"
    assert guest.shipping_address.country_id == "FR"

    product = Product.objects.get(upc="85123A")
    assert product.title == "White Hanging Heart T-Light Holder"
    assert product.stockrecords.get().price == Decimal("2.55")
    assert [c.full_name for c in product.categories.all()] == [
        "Home & Living > Candles & Lighting"]


def test_bad_rows_are_reported_with_line_numbers_and_the_rest_imports(write_retail_csv):
    rows = [
        GOOD[0],
        ["536367", "84879", "ASSORTED COLOUR BIRD ORNAMENT", "lots", "2010-12-01 08:34:00",
         "1.69", "13047", "United Kingdom"],
        ["536367", "", "NO CODE", "1", "2010-12-01 08:34:00", "1.69", "13047", "United Kingdom"],
        ["536367", "22745", "POPPY'S PLAYHOUSE BEDROOM", "6", "yesterday", "2.10", "13047",
         "United Kingdom"],
        ["536367", "22748", "POPPY'S PLAYHOUSE KITCHEN", "6", "2010-12-01 08:34:00", "£2", "13047",
         "United Kingdom"],
        GOOD[1],
    ]
    out, err = run(write_retail_csv(rows))

    assert err.splitlines() == [
        "rejected line 3: quantity 'lots' is not a whole number",
        "rejected line 4: missing StockCode",
        "rejected line 5: date 'yesterday' is not a date (expected YYYY-MM-DD HH:MM)",
        "rejected line 6: price '£2' is not a number",
    ]
    assert "rejected:                  4" in out
    assert Line.objects.count() == 2


def test_the_service_skips_bad_rows_unless_asked_to_be_strict(write_retail_csv):
    """``import_online_retail`` (the function a project calls) reports and skips a bad
    row by default, as the command does."""
    from shop.importer.cleaning import StrictError
    from shop.importer.services import import_online_retail

    bad = ["536367", "", "NO CODE", "1", "2010-12-01 08:34:00", "1.69", "13047",
           "United Kingdom"]
    path = write_retail_csv([GOOD[0], bad, GOOD[1]])
    with pytest.raises(StrictError):
        import_online_retail(path, strict=True)
    assert Line.objects.count() == 0
    result = import_online_retail(path)
    assert Line.objects.count() == 2 and len(result.history.orders) == 1


def test_strict_aborts_on_the_first_bad_row_and_imports_nothing(write_retail_csv):
    rows = [GOOD[0], GOOD[1][:3] + ["x"] + GOOD[1][4:], GOOD[2]]
    before = snapshot()
    with pytest.raises(CommandError, match=r"line 3: quantity 'x' is not a whole number"):
        run(write_retail_csv(rows), "--strict")
    assert snapshot() == before


def test_an_error_part_way_rolls_everything_back(write_retail_csv, monkeypatch):
    from shop.importer import writer

    def fail(*args, **kwargs):
        raise IntegrityError("disk full, say")

    # Products, customers and orders are written before the lines; fail there.
    monkeypatch.setattr(writer, "insert_rows", fail)
    before = snapshot()
    with pytest.raises(IntegrityError):
        run(write_retail_csv(GOOD))
    assert snapshot() == before
    assert before[0] == 0


def test_running_the_same_file_twice_duplicates_nothing(write_retail_csv):
    path = write_retail_csv(GOOD)
    run(path)
    first = snapshot()
    out, _ = run(path)
    assert snapshot() == first
    assert "Imported 0 products (3 existed), 0 customers (1 existed), 0 orders (2 existed" in out


def test_returns_reduce_and_cancel_lines_and_orders(write_retail_csv):
    bought = ["540001", "22386", "JUMBO BAG PINK POLKADOT", "10", "2011-01-04 10:00:00", "1.95",
              "13313", "United Kingdom"]
    also = ["540002", "21499", "BLUE POLKADOT WRAP", "25", "2011-01-05 10:00:00", "0.42",
            "13313", "United Kingdom"]
    postage = ["540002", "POST", "POSTAGE", "1", "2011-01-05 10:00:00", "18.00", "13313",
               "United Kingdom"]
    part = ["C540003", "22386", "JUMBO BAG PINK POLKADOT", "-4", "2011-01-06 10:00:00", "1.95",
            "13313", "United Kingdom"]
    whole = ["C540004", "21499", "BLUE POLKADOT WRAP", "-25", "2011-01-07 10:00:00", "0.42",
             "13313", "United Kingdom"]
    out, _ = run(write_retail_csv([bought, also, postage, part, whole]))

    reduced = Line.objects.get(order__number="540001")
    assert (reduced.quantity, reduced.status, reduced.partner_line_notes) == (6, "Complete",
                                                                             "4 returned")
    assert reduced.order.total_incl_tax == Decimal("11.70")
    cancelled = Order.objects.get(number="540002")
    assert cancelled.status == "Cancelled"
    assert cancelled.lines.get().status == "Cancelled"
    assert cancelled.total_incl_tax == cancelled.shipping_incl_tax == Decimal("18.00")
    assert not Order.objects.filter(number__startswith="C").exists()
    assert "2 matched a purchase, 29 units returned, 0 units unmatched" in out


def test_since_until_and_shift_to_today(write_retail_csv):
    rows = [
        GOOD[0],
        GOOD[2][:4] + ["2010-12-05 12:00:00"] + GOOD[2][5:],
        ["536999", "22633", "HAND WARMER UNION JACK", "1", "2010-12-09 09:00:00", "1.85", "",
         "France"],
    ]
    run(write_retail_csv(rows), "--since", "2010-12-02", "--until", "2010-12-05",
        "--shift-to-today")

    order = Order.objects.get()
    assert order.number == "536366"
    assert timezone.localtime(order.date_placed).date() == timezone.localdate() - timedelta(days=1)
    assert timezone.localtime(order.date_placed).strftime("%H:%M") == "12:00"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--since", "2011-13-01"], "'2011-13-01' is not a date"),
        (["--since", "2011-02-01", "--until", "2011-01-01"], "--since is after --until"),
        (["--since", "2031-01-01"], "no valid sales"),
    ],
)
def test_bad_arguments_get_a_clear_error(write_retail_csv, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        run(write_retail_csv(GOOD), *args)


def test_unreadable_files_get_a_clear_error(tmp_path, write_retail_csv):
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "missing.csv")
    with pytest.raises(CommandError, match="missing column"):
        run(write_retail_csv(GOOD, header=["Invoice", "Code"]))
    broken = tmp_path / "broken.csv.gz"
    broken.write_bytes(b"not gzip at all")
    with pytest.raises(CommandError, match="not a readable CSV"):
        run(broken)


def test_xlsx_gives_the_same_import_as_csv(tmp_path, write_retail_csv):
    from openpyxl import Workbook

    from tests.conftest import HEADER

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in GOOD:
        typed = list(row)
        typed[3] = int(row[3])
        typed[4] = datetime.fromisoformat(row[4])
        typed[5] = float(row[5])
        typed[6] = float(row[6]) if row[6] else None  # Excel stores numbers as floats
        sheet.append(typed)
    path = tmp_path / "Online Retail.xlsx"
    book.save(path)

    run(path)
    assert sorted(Order.objects.values_list("number", "total_incl_tax")) == [
        ("536365", Decimal("35.64")), ("536366", Decimal("11.10"))]
    assert Order.objects.get(number="536365").user.username == "customer-17850"


def independent_counts(path, since, until):
    """Count what the import must produce, straight from the file, rule by rule."""
    sales, returns, shipping = [], [], defaultdict(Decimal)
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            day = row["InvoiceDate"][:10]
            if not (since <= day <= until):
                continue
            invoice, code = row["InvoiceNo"], row["StockCode"].upper()
            quantity, price = int(row["Quantity"]), Decimal(row["UnitPrice"])
            product = re.fullmatch(r"\d{5}[A-Z]{0,3}", code) is not None
            if invoice.startswith("A"):
                continue
            if invoice.startswith("C"):
                if product and quantity < 0:
                    returns.append(
                        (row["InvoiceDate"], invoice, row["CustomerID"], code, -quantity)
                    )
                continue
            if code in {"POST", "DOT", "C2"} and quantity > 0 and price > 0:
                shipping[invoice] += quantity * price
            elif product and quantity > 0 and price > 0:
                cents = price.quantize(Decimal("0.01"), ROUND_HALF_UP)
                sales.append({"when": row["InvoiceDate"], "invoice": invoice, "code": code,
                              "customer": row["CustomerID"], "left": quantity, "price": cents,
                              "cancelled": False})
    for when, _invoice, customer, code, quantity in sorted(returns):
        if not customer:
            continue
        mine = [s for s in sales if s["customer"] == customer and s["code"] == code
                and s["when"] <= when and not s["cancelled"]]
        for sale in sorted(mine, key=lambda s: (s["when"], s["invoice"]), reverse=True):
            take = min(quantity, sale["left"])
            quantity -= take
            if take == sale["left"]:
                sale["cancelled"] = True
            else:
                sale["left"] -= take
            if not quantity:
                break
    invoices = {s["invoice"] for s in sales}
    revenue = sum(shipping[i] for i in invoices).quantize(Decimal("0.01"), ROUND_HALF_UP)
    revenue += sum(((s["left"] * s["price"]).quantize(Decimal("0.01"), ROUND_HALF_UP)
                    for s in sales if not s["cancelled"]), Decimal(0))
    return {
        "orders": len(invoices),
        "lines": len(sales),
        "cancelled lines": sum(s["cancelled"] for s in sales),
        "customers": len({s["customer"] for s in sales if s["customer"]}),
        "guest orders": len({s["invoice"] for s in sales if not s["customer"]}),
        "revenue": revenue,
    }


def test_counts_equal_an_independent_count_of_the_bundled_extract():
    since, until = "2011-03-01", "2011-03-14"
    expected = independent_counts(BUNDLED_EXTRACT, since, until)
    run(BUNDLED_EXTRACT, "--since", since, "--until", until)

    assert expected["orders"] > 500  # the window is real trade, not a corner
    assert {
        "orders": Order.objects.count(),
        "lines": Line.objects.count(),
        "cancelled lines": Line.objects.filter(status="Cancelled").count(),
        "customers": User.objects.filter(username__startswith="customer-").count(),
        "guest orders": Order.objects.filter(user=None).count(),
        "revenue": Order.objects.aggregate(total=Sum("total_incl_tax"))["total"],
    } == expected
    # Totals agree with the lines they hold.
    for order in Order.objects.prefetch_related("lines")[:300]:
        active = sum((line.line_price_incl_tax for line in order.lines.all()
                      if line.status != "Cancelled"), Decimal(0))
        assert order.total_incl_tax == active + order.shipping_incl_tax


def test_the_extract_fills_every_category_and_at_most_a_fifth_is_other():
    run(BUNDLED_EXTRACT, "--since", "2011-03-01", "--until", "2011-03-31")
    products = Product.objects.count()
    other = Product.objects.filter(categories__name="Other gifts").count()
    per_product = Product.objects.annotate(n=Count("categories"))
    assert set(per_product.values_list("n", flat=True)) == {1}
    assert other / products <= 0.2
