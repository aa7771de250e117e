"""Store a ``history.History`` in Oscar's own models, in bulk.

Thin ORM layer: every table is written with ``bulk_create`` in batches, inside
the caller's transaction. Rows that exist already (products by UPC = stock
code, customers by username, orders by number) are left alone, so importing
the same file twice adds nothing.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sites.models import Site
from django.db import connection
from django.utils.text import slugify
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from .bulk import insert_rows
from .countries import COUNTRIES, HOME_COUNTRY, iso_code
from .history import CANCELLED

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Country = get_model("address", "Country")
Order = get_model("order", "Order")
Line = get_model("order", "Line")
ShippingAddress = get_model("order", "ShippingAddress")

PARTNER_NAME = "Online Retail (UCI)"
PRODUCT_CLASS_NAME = "Gift"
SHIPPING_METHOD = "Imported order history"
DATA_TIMEZONE = ZoneInfo("Europe/London")  # InvoiceDate is UK local time
BATCH_SIZE = 2000
LINE_BATCH_SIZE = 10000


def customer_username(customer_id):
    return f"customer-{customer_id}"


# Imported customers' addresses: synthetic and never deliverable (RFC 2606 .invalid).
SYNTHETIC_DOMAIN = "example.invalid"


def customer_email(customer_id):
    """A synthetic, non-deliverable address, never real data."""
    return f"customer-{customer_id}@{SYNTHETIC_DOMAIN}"


def guest_email(order_number):
    return f"guest-{order_number}@{SYNTHETIC_DOMAIN}"


class Written:
    """Counts of what one import added."""

    def __init__(self):
        self.products = self.products_existing = 0
        self.customers = self.customers_existing = 0
        self.orders = self.orders_existing = 0
        self.guest_orders = self.cancelled_orders = 0
        self.lines = self.lines_cancelled = 0
        self.revenue = 0
        self.product_ids = []  # created by this import


def write_history(history, shift=timedelta(0), progress=None):
    """Insert what ``history`` holds and the database lacks; return ``Written``.

    ``shift`` moves every order date (``--shift-to-today``). ``progress`` is
    called with the number of order lines written after each batch.
    """
    written = Written()
    product_ids = _write_products(history, written)
    user_ids = _write_customers(history, shift, written)
    _write_orders(history, product_ids, user_ids, shift, written, progress)
    return written


def analyze_written():
    """Refresh PostgreSQL's statistics of the tables a bulk import fills.

    Until autovacuum gets round to it (a minute or more), the planner believes
    those tables are as small as before the import and picks nested loops that
    turn a category's best sellers into seconds of work.
    """
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (
        Product, ProductCategory, StockRecord, get_user_model(), Order, Line)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def ensure_countries(names):
    """Create the Country rows for ``names`` (data-set names); return name -> a2."""
    wanted = {name: COUNTRIES[name] for name in set(names) | {HOME_COUNTRY} if name in COUNTRIES}
    existing = set(Country.objects.filter(pk__in=[v[0] for v in wanted.values()])
                   .values_list("pk", flat=True))
    Country.objects.bulk_create(
        [
            Country(
                iso_3166_1_a2=a2, iso_3166_1_a3=a3, iso_3166_1_numeric=numeric,
                printable_name=printable, name=printable, is_shipping_country=True,
                display_order=1 if name == HOME_COUNTRY else 0,
            )
            for name, (a2, a3, numeric, printable) in sorted(wanted.items())
            if a2 not in existing
        ]
    )
    return {name: values[0] for name, values in wanted.items()}


def _write_products(history, written):
    codes = list(history.products)
    existing = dict(_in_chunks(Product.objects.filter, "upc__in", codes, ("upc", "id")))
    written.products_existing = len(existing)
    new = [history.products[code] for code in codes if code not in existing]
    written.products = len(new)
    if new:
        product_class, _ = ProductClass.objects.get_or_create(
            name=PRODUCT_CLASS_NAME,
            defaults={"slug": slugify(PRODUCT_CLASS_NAME), "requires_shipping": True,
                      "track_stock": True},
        )
        partner, _ = Partner.objects.get_or_create(name=PARTNER_NAME)
        categories = {
            breadcrumb: create_from_breadcrumbs(breadcrumb)
            for breadcrumb in sorted({spec.category for spec in new})
        }
        products = Product.objects.bulk_create(
            [
                Product(
                    structure=Product.STANDALONE, upc=spec.code, title=spec.title,
                    slug=slugify(spec.title)[:255] or slugify(spec.code),
                    product_class=product_class, is_public=True, is_discountable=True,
                )
                for spec in new
            ],
            batch_size=BATCH_SIZE,
        )
        StockRecord.objects.bulk_create(
            [
                StockRecord(
                    product=product, partner=partner, partner_sku=spec.code,
                    price_currency="GBP", price=spec.price, num_in_stock=spec.stock,
                )
                for product, spec in zip(products, new, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )
        ProductCategory.objects.bulk_create(
            [
                ProductCategory(product=product, category=categories[spec.category])
                for product, spec in zip(products, new, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )
        existing.update((product.upc, product.id) for product in products)
        written.product_ids = [product.id for product in products]
    return existing


def _write_customers(history, shift, written):
    """One account per CustomerID, joined on the day of its first order."""
    User = get_user_model()
    first_order = {}
    for order in history.orders.values():  # in date order
        if order.customer is not None:
            first_order.setdefault(order.customer, order.placed)
    usernames = {customer_username(cid): cid for cid in history.customers}
    existing = dict(_in_chunks(User.objects.filter, "username__in", list(usernames),
                               ("username", "id")))
    written.customers_existing = len(existing)
    new = [name for name in usernames if name not in existing]
    written.customers = len(new)
    unusable = make_password(None)  # imported customers cannot log in until they reset
    created = User.objects.bulk_create(
        [
            User(username=name, email=customer_email(usernames[name]), password=unusable,
                 first_name="Customer", last_name=str(usernames[name]),
                 date_joined=_aware(first_order[usernames[name]] + shift))
            for name in new
        ],
        batch_size=BATCH_SIZE,
    )
    existing.update((user.username, user.id) for user in created)
    return {usernames[name]: user_id for name, user_id in existing.items()}


def _write_orders(history, product_ids, user_ids, shift, written, progress):
    numbers = list(history.orders)
    existing = {number for (number,) in _in_chunks(Order.objects.filter, "number__in", numbers,
                                                   ("number",))}
    written.orders_existing = len(existing)
    new = [history.orders[number] for number in numbers if number not in existing]
    if not new:
        return
    countries = ensure_countries({order.country for order in new})
    partner = Partner.objects.get(name=PARTNER_NAME)
    site_id = Site.objects.get_current().pk if Site.objects.exists() else None
    stockrecords = dict(
        StockRecord.objects.filter(partner=partner).values_list("partner_sku", "id")
    )

    addresses = []
    orders = []
    for spec in new:
        who = f"Customer {spec.customer}" if spec.customer else f"Guest {spec.number}"
        address = None
        if iso_code(spec.country):
            address = ShippingAddress(
                first_name="Customer" if spec.customer else "Guest",
                last_name=str(spec.customer or spec.number),
                line1="Imported order history", line4="Not deliverable",
                country_id=countries[spec.country],
                search_text=f"{who} Imported order history {spec.country}",
            )
            addresses.append(address)
        total = spec.total
        orders.append(
            Order(
                number=spec.number, site_id=site_id,
                user_id=user_ids.get(spec.customer) if spec.customer else None,
                guest_email="" if spec.customer else guest_email(spec.number),
                currency="GBP", total_incl_tax=total, total_excl_tax=total,
                shipping_incl_tax=spec.shipping, shipping_excl_tax=spec.shipping,
                shipping_method=SHIPPING_METHOD, shipping_code="imported",
                shipping_address=address, status=spec.status,
                date_placed=_aware(spec.placed + shift),
            )
        )
        written.revenue += total
        written.guest_orders += spec.customer is None
        written.cancelled_orders += spec.status == CANCELLED
    ShippingAddress.objects.bulk_create(addresses, batch_size=BATCH_SIZE)
    for order in orders:  # bulk_create set the addresses' ids after orders were built
        order.shipping_address_id = order.shipping_address.id if order.shipping_address else None
    Order.objects.bulk_create(orders, batch_size=BATCH_SIZE)
    written.orders = len(orders)

    batch = []
    for order, spec in zip(orders, new, strict=True):
        for line in spec.lines:
            price = line.line_price
            batch.append(
                {
                    "order_id": order.id, "partner_id": partner.id, "partner_name": PARTNER_NAME,
                    "partner_sku": line.code, "stockrecord_id": stockrecords.get(line.code),
                    "product_id": product_ids.get(line.code),
                    "title": history.products[line.code].title, "upc": line.code,
                    "quantity": line.quantity,
                    "line_price_incl_tax": price, "line_price_excl_tax": price,
                    "line_price_before_discounts_incl_tax": price,
                    "line_price_before_discounts_excl_tax": price,
                    "unit_price_incl_tax": line.unit_price,
                    "unit_price_excl_tax": line.unit_price,
                    "status": line.status, "num_allocated": line.quantity,
                    "partner_line_notes": f"{line.returned} returned" if line.returned else "",
                }
            )
            written.lines_cancelled += line.status == CANCELLED
            if len(batch) == LINE_BATCH_SIZE:
                _flush_lines(batch, written, progress)
    _flush_lines(batch, written, progress)


def _flush_lines(batch, written, progress):
    if batch:
        written.lines += insert_rows(Line, batch)
        if progress:
            progress(len(batch))
        batch.clear()


def _aware(local):
    return local.replace(tzinfo=DATA_TIMEZONE)


def _in_chunks(filter_, lookup, values, fields, size=900):
    """values_list over an IN filter in chunks (SQLite caps query parameters)."""
    for start in range(0, len(values), size):
        yield from filter_(**{lookup: values[start:start + size]}).values_list(*fields)
