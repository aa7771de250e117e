"""Import Online Retail history: read, clean, build, write in one transaction."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from . import writer
from .cleaning import clean_rows
from .history import build_history, shift_for_today
from .indexing import index_products
from .reading import read_rows


class ImportAborted(Exception):
    """Nothing was imported; the message says why."""


@dataclass
class ImportResult:
    clean: object
    history: object
    written: object
    shift: timedelta


def import_online_retail(
    path, since=None, until=None, strict=False, shift_to_today=False, progress=None, today=None
):
    """Import the file at ``path`` all-or-nothing and return an ``ImportResult``.

    Raises ``reading.SourceError`` for an unreadable file and
    ``cleaning.StrictError`` for the first bad row under ``strict``; any error
    while writing rolls the whole import back.
    """
    rows = read_rows(path)
    if progress:
        rows = progress.rows(rows)
    clean = clean_rows(rows, since=since, until=until, strict=strict)
    history = build_history(clean)
    if not history.orders:
        raise ImportAborted("no valid sales in the file (or in the --since/--until window)")
    shift = timedelta(0)
    if shift_to_today:
        shift = shift_for_today(history.last_placed, today or timezone.localdate())
    with transaction.atomic():
        written = writer.write_history(
            history, shift=shift, progress=progress.lines if progress else None
        )
        writer.analyze_written()
    index_products(written.product_ids)
    return ImportResult(clean=clean, history=history, written=written, shift=shift)

