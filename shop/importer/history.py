"""Build the shop's catalogue, customers and orders from clean rows.

Pure functions over ``cleaning.CleanRows``; ``writer`` stores the result.

* **Products**: one per stock code sold; the title is the most common
  description on its sales (first seen wins a tie), the price the median unit
  price of its sales, the category from ``categories.categorise``, and the stock
  the most units sold in one calendar month, so the demo never runs dry.
* **Orders**: one per invoice with at least one sale; one line per sale row;
  the invoice's postage rows as its shipping charge; no customer means a guest
  order.
* **Returns** (``C`` invoices) are matched to the same customer's purchases of
  the same code placed before the return, newest first: a line returned in
  full gets status ``Cancelled``, one returned in part keeps the units not
  returned. Units that match nothing (bought before the file starts, or on a
  guest invoice, which no return can name) are counted as unmatched.
* Totals: ``total = shipping + sum of the non-cancelled lines``; an order whose
  lines are all cancelled is ``Cancelled``, every other order ``Complete``.
"""

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from .categories import categorise

CENT = Decimal("0.01")
COMPLETE = "Complete"
CANCELLED = "Cancelled"


def money(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(slots=True)
class ProductSpec:
    code: str
    title: str
    price: Decimal
    category: str
    stock: int


@dataclass(slots=True)
class LineSpec:
    code: str
    description: str
    quantity: int
    unit_price: Decimal
    returned: int = 0
    status: str = COMPLETE

    @property
    def line_price(self):
        return money(self.quantity * self.unit_price)


@dataclass(slots=True)
class OrderSpec:
    number: str
    placed: object  # naive datetime, UK local time
    customer: int | None
    country: str
    shipping: Decimal
    lines: list = field(default_factory=list)

    @property
    def status(self):
        if all(line.status == CANCELLED for line in self.lines):
            return CANCELLED
        return COMPLETE

    @property
    def total(self):
        return money(self.shipping) + sum(
            (line.line_price for line in self.lines if line.status != CANCELLED), Decimal(0)
        )


@dataclass
class History:
    products: dict  # code -> ProductSpec
    orders: dict  # number -> OrderSpec, in date order
    customers: dict  # customer id -> country
    returns_applied: int = 0  # return rows that matched at least one unit
    units_returned: int = 0
    units_unmatched: int = 0
    lines_cancelled: int = 0

    @property
    def last_placed(self):
        return max((order.placed for order in self.orders.values()), default=None)


def build_history(clean):
    """Return the ``History`` the clean rows describe (returns applied)."""
    products = build_products(clean.sales)
    orders = {}
    customers = {}
    for sale in sorted(clean.sales, key=lambda s: (s.placed, s.invoice, s.line)):
        order = orders.get(sale.invoice)
        if order is None:
            order = orders[sale.invoice] = OrderSpec(
                number=sale.invoice,
                placed=sale.placed,
                customer=sale.customer,
                country=sale.country,
                shipping=money(clean.shipping.get(sale.invoice, 0)),
            )
        order.lines.append(
            LineSpec(sale.code, sale.description, sale.quantity, money(sale.unit_price))
        )
        if sale.customer is not None:
            customers.setdefault(sale.customer, Counter())[sale.country] += 1
    history = History(
        products=products,
        orders=orders,
        customers={cid: countries.most_common(1)[0][0] for cid, countries in customers.items()},
    )
    apply_returns(history, clean.returns)
    return history


def build_products(sales):
    titles = defaultdict(Counter)
    prices = defaultdict(list)
    monthly = defaultdict(Counter)
    for sale in sales:
        if sale.description:
            titles[sale.code][sale.description] += 1
        prices[sale.code].append(sale.unit_price)
        monthly[sale.code][(sale.placed.year, sale.placed.month)] += sale.quantity
    products = {}
    for code in sorted(prices):
        description = titles[code].most_common(1)[0][0] if titles[code] else code
        products[code] = ProductSpec(
            code=code,
            title=tidy_title(description),
            price=max(money(statistics.median(prices[code])), CENT),
            category=categorise(description),
            stock=max(monthly[code].values()),
        )
    return products


WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
SEPARATOR = re.compile(r"([/-])")


def tidy_title(description):
    """'WHITE HANGING HEART T-LIGHT HOLDER' -> 'White Hanging Heart T-Light Holder'.

    A description in capitals (a stray lower-case letter allowed) is cased word by
    word: "CAN'T" -> "Can't" (``str.title`` gives "Can'T"), a part with digits in
    lower case ("30CMX30CM" -> "30cmx30cm", "50'S" -> "50's"). Stray commas and full
    stops at the end, and spaces before commas, go.
    """
    words = re.sub(r"\s+,", ",", " ".join(description.split())).strip(" ,.")
    letters = [c for c in words if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
        words = " ".join("".join(_case(part) for part in SEPARATOR.split(token))
                         for token in words.split(" "))
    return words


def _case(part):
    if any(c.isdigit() for c in part):
        return part.lower()
    return WORD.sub(lambda match: match.group(0).capitalize(), part.lower())


def apply_returns(history, returns):
    """Apply returns to earlier purchases of the same customer and code."""
    bought = defaultdict(list)  # (customer, code) -> [(placed, line)]
    for order in history.orders.values():
        if order.customer is None:
            continue
        for line in order.lines:
            bought[(order.customer, line.code)].append((order.placed, line))
    for purchases in bought.values():
        purchases.sort(key=lambda item: item[0])
    for ret in sorted(returns, key=lambda r: (r.placed, r.invoice, r.line)):
        remaining = ret.quantity
        candidates = bought.get((ret.customer, ret.code), []) if ret.customer else []
        for placed, line in reversed(candidates):
            if remaining == 0:
                break
            if placed > ret.placed or line.status == CANCELLED:
                continue
            take = min(remaining, line.quantity)
            remaining -= take
            line.returned += take
            if take == line.quantity:
                line.status = CANCELLED
                history.lines_cancelled += 1
            else:
                line.quantity -= take
            history.units_returned += take
        if remaining < ret.quantity:
            history.returns_applied += 1
        history.units_unmatched += remaining


def shift_for_today(last_placed, today):
    """Whole days that move ``last_placed`` to the day before ``today``.

    Whole days keep each invoice's time of day, so the
    demo's "last 30 days" figures come from real invoices.
    """
    return timedelta(days=(today - timedelta(days=1) - last_placed.date()).days)
