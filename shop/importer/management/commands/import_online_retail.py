import sys
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from shop.importer.cleaning import StrictError
from shop.importer.reading import SourceError
from shop.importer.services import ImportAborted, import_online_retail


def _date(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (expected YYYY-MM-DD)") from None


class _Progress:
    """tqdm bars on a terminal; silent elsewhere (CI logs, tests)."""

    def __init__(self, stream, enabled):
        self.stream = stream
        self.enabled = enabled
        self._lines = None

    def rows(self, rows):
        return tqdm(rows, desc="Reading rows", unit=" rows", file=self.stream,
                    disable=not self.enabled, mininterval=0.5)

    def lines(self, count):
        if self._lines is None:
            self._lines = tqdm(desc="Writing order lines", unit=" lines", file=self.stream,
                               disable=not self.enabled, mininterval=0.5)
        self._lines.update(count)

    def close(self):
        if self._lines is not None:
            self._lines.close()


class Command(BaseCommand):
    help = (
        "Import the UCI Online Retail data set (CSV, CSV.gz or XLSX) into Oscar's "
        "products, categories, customers and orders. Safe to re-run: what exists is "
        "skipped. All-or-nothing: any error leaves the database as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Online Retail file (.csv, .csv.gz or .xlsx)")
        parser.add_argument("--since", type=_date, help="first invoice day to load (YYYY-MM-DD)")
        parser.add_argument("--until", type=_date, help="last invoice day to load (YYYY-MM-DD)")
        parser.add_argument("--strict", action="store_true",
                            help="abort (and import nothing) on the first bad row")
        parser.add_argument("--shift-to-today", action="store_true",
                            help="move every date so the last invoice falls on yesterday")
        parser.add_argument("--progress", action="store_true", default=None,
                            help="show progress bars (default: when on a terminal)")

    def handle(self, path, since, until, strict, shift_to_today, progress, **options):
        if since and until and since > until:
            raise CommandError("--since is after --until")
        enabled = progress if progress is not None else sys.stderr.isatty()
        bars = _Progress(sys.stderr, enabled)
        started = time.perf_counter()
        try:
            result = import_online_retail(
                path, since=since, until=until, strict=strict,
                shift_to_today=shift_to_today, progress=bars,
            )
        except StrictError as exc:
            raise CommandError(f"{path}: {exc} (--strict: nothing was imported)") from None
        except (SourceError, ImportAborted) as exc:
            raise CommandError(f"{exc}; nothing was imported") from None
        finally:
            bars.close()
        elapsed = time.perf_counter() - started
        self._report(result, elapsed)

    def _report(self, result, elapsed):
        clean, history, written = result.clean, result.history, result.written
        for error in clean.errors:
            self.stderr.write(f"rejected {error}")
        out = self.stdout.write
        out(f"Read {clean.rows_read:,} rows in {elapsed:.1f}s "
            f"({clean.rows_read / elapsed:,.0f} rows/s)")
        if clean.out_of_range:
            out(f"  outside --since/--until:   {clean.out_of_range:,}")
        out(f"  sales (order lines):       {len(clean.sales):,}")
        out(f"  returns (C invoices):      {len(clean.returns):,} rows; "
            f"{history.returns_applied:,} matched a purchase, "
            f"{history.units_returned:,} units returned, "
            f"{history.units_unmatched:,} units unmatched")
        out(f"  invoices with postage:     {len(clean.shipping):,}")
        out(f"  skipped:                   {sum(clean.skipped.values()):,}")
        for reason, count in sorted(clean.skipped.items(), key=lambda item: -item[1]):
            out(f"    {count:>7,}  {reason}")
        out(f"  rejected:                  {len(clean.errors):,}")
        if result.shift:
            out(f"Dates shifted by {result.shift.days} days (last invoice on yesterday).")
        out(self.style.SUCCESS(
            f"Imported {written.products:,} products ({written.products_existing:,} existed), "
            f"{written.customers:,} customers ({written.customers_existing:,} existed), "
            f"{written.orders:,} orders ({written.orders_existing:,} existed; "
            f"{written.guest_orders:,} guest, {written.cancelled_orders:,} cancelled), "
            f"{written.lines:,} lines ({written.lines_cancelled:,} cancelled), "
            f"revenue £{written.revenue:,.2f}."
        ))
