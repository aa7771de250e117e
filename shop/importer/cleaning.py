"""Turn raw Online Retail rows into clean sales, shipping charges and returns.

Pure functions, no Django. The rules, in the order they apply to a row:

1. **Rejected** (reported with the line number): a missing InvoiceNo or
   StockCode, a quantity that is not a whole number, a price that is not a
   number, an unparseable date, a CustomerID that is not a number, a row with
   the wrong number of columns.
2. Outside ``since``/``until`` (by InvoiceDate, both days inclusive): left out.
3. **Skipped** (counted by reason, not errors; the data set is full of them):
   - InvoiceNo starting with ``A``: bad-debt adjustments, not sales;
   - a non-product StockCode (``NON_PRODUCT_CODES``, gift vouchers, the
     ``DCGS`` marketplace codes, anything that is not five digits plus an
     optional letter suffix) other than the shipping codes below;
   - on a normal invoice, a quantity <= 0 (stock write-offs) or a price <= 0
     (free samples, "damaged", "found" notes).
4. ``SHIPPING_CODES`` (``POST``, ``DOT``, ``C2``) with a positive amount become
   the invoice's shipping charge, not catalogue products.
5. InvoiceNo starting with ``C`` with a product code: a **return**, applied to
   the same customer's earlier purchases by ``history.apply_returns``.
6. Everything else is a **sale**: one order line.

Stock codes are upper-cased (the file has ``85123a`` beside ``85123A``).
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from .reading import is_wrong_width

SHIPPING_CODES = frozenset({"POST", "DOT", "C2"})
NON_PRODUCT_CODES = frozenset(
    {"M", "D", "S", "B", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS", "POST", "DOT", "C2"}
)
_PRODUCT_CODE = re.compile(r"^\d{5}[A-Z]{0,3}$")


def is_product_code(code):
    """True for catalogue stock codes: five digits and an optional letter suffix."""
    return code not in NON_PRODUCT_CODES and bool(_PRODUCT_CODE.match(code))


@dataclass(frozen=True, slots=True)
class Sale:
    line: int
    invoice: str
    code: str
    description: str
    quantity: int
    unit_price: Decimal
    placed: datetime
    customer: int | None
    country: str


@dataclass(frozen=True, slots=True)
class Return:
    line: int
    invoice: str
    code: str
    quantity: int  # positive: units returned
    placed: datetime
    customer: int | None


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    reason: str

    def __str__(self):
        return f"line {self.line}: {self.reason}"


class StrictError(ValueError):
    """Raised on the first bad row when the import is strict."""

    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


@dataclass
class CleanRows:
    sales: list = field(default_factory=list)
    returns: list = field(default_factory=list)
    shipping: dict = field(default_factory=dict)  # invoice -> Decimal
    errors: list = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # reason -> rows
    rows_read: int = 0
    out_of_range: int = 0


def clean_rows(rows, since=None, until=None, strict=False):
    """Classify ``(line, cells)`` rows into a ``CleanRows``.

    ``since`` and ``until`` are dates, both inclusive. With ``strict`` the
    first bad row raises ``StrictError``; otherwise it is recorded in
    ``errors`` and the rest goes on.
    """
    out = CleanRows()
    for line, cells in rows:
        out.rows_read += 1
        try:
            invoice, code, description, quantity, placed, price, customer, country = (
                _parse(cells)
            )
        except _Bad as bad:
            error = RowError(line, str(bad))
            if strict:
                raise StrictError(error) from None
            out.errors.append(error)
            continue
        day = placed.date()
        if (since and day < since) or (until and day > until):
            out.out_of_range += 1
            continue
        if invoice.startswith("A"):
            out.skipped["bad-debt adjustment (InvoiceNo A…)"] += 1
        elif invoice.startswith("C"):
            if is_product_code(code) and quantity < 0:
                out.returns.append(Return(line, invoice, code, -quantity, placed, customer))
            else:
                out.skipped["cancellation of a non-product code"] += 1
        elif code in SHIPPING_CODES and quantity > 0 and price > 0:
            out.shipping[invoice] = out.shipping.get(invoice, Decimal(0)) + quantity * price
        elif not is_product_code(code):
            out.skipped[f"non-product code {code}"] += 1
        elif quantity <= 0:
            out.skipped["quantity <= 0 on a sale (stock adjustment)"] += 1
        elif price <= 0:
            out.skipped["price <= 0 (free item or stock note)"] += 1
        else:
            out.sales.append(
                Sale(line, invoice, code, description, quantity, price, placed, customer, country)
            )
    return out


class _Bad(ValueError):
    pass


def _parse(cells):
    if is_wrong_width(cells):
        raise _Bad(cells.reason)
    invoice, code, description, quantity, placed, price, customer, country = cells
    invoice = _text(invoice)
    if not invoice:
        raise _Bad("missing InvoiceNo")
    code = _text(code).upper()
    if not code:
        raise _Bad("missing StockCode")
    return (
        invoice,
        code,
        _text(description),
        _whole_number(quantity, "quantity"),
        _datetime(placed),
        _decimal(price),
        _customer(customer),
        _text(country) or "Unspecified",
    )


def _text(value):
    if value is None:
        return ""
    return str(value).strip()


def _whole_number(value, name):
    if isinstance(value, int):
        return value
    text = _text(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _Bad(f"{name} {text!r} is not a whole number") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise _Bad(f"{name} {text!r} is not a whole number")
    return int(number)


def _decimal(value):
    text = _text(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _Bad(f"price {text!r} is not a number") from None
    if not number.is_finite():
        raise _Bad(f"price {text!r} is not a number")
    return number


def _datetime(value):
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = _text(value)
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        raise _Bad(f"date {text!r} is not a date (expected YYYY-MM-DD HH:MM)") from None


def _customer(value):
    text = _text(value)
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _Bad(f"CustomerID {text!r} is not a number") from None
    if not number.is_finite() or number != number.to_integral_value() or number <= 0:
        raise _Bad(f"CustomerID {text!r} is not a number")
    return int(number)
