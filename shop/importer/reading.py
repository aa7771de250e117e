"""Read Online Retail rows from CSV, gzip-compressed CSV or the published XLSX.

Pure I/O: yields ``(line_number, [cells])`` with line numbers as a spreadsheet
shows them (the header is line 1), so every error names the line a person
opens in an editor. Cells are strings for CSV and native values for XLSX.
"""

import csv
import gzip
from pathlib import Path

COLUMNS = (
    "InvoiceNo",
    "StockCode",
    "Description",
    "Quantity",
    "InvoiceDate",
    "UnitPrice",
    "CustomerID",
    "Country",
)


class SourceError(ValueError):
    """The file cannot be read as Online Retail data at all."""


def read_rows(path):
    """Yield ``(line_number, cells)`` for every data row, cells in COLUMNS order."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    name = path.name.lower()
    if name.endswith(".xlsx"):
        yield from _read_xlsx(path)
    elif name.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            yield from _read_csv(handle, path)
    else:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            yield from _read_csv(handle, path)


def _column_order(header, path):
    names = [str(cell or "").strip() for cell in header]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        raise SourceError(
            f"{path}: line 1: missing column(s) {', '.join(missing)}; "
            f"expected {', '.join(COLUMNS)}"
        )
    return [names.index(column) for column in COLUMNS]


def _read_csv(handle, path):
    reader = csv.reader(handle)
    try:
        header = next(reader)
    except StopIteration:
        raise SourceError(f"{path}: the file is empty") from None
    except (csv.Error, UnicodeDecodeError, OSError, EOFError) as exc:
        raise SourceError(f"{path}: not a readable CSV file ({exc})") from None
    order = _column_order(header, path)
    width = len(header)
    try:
        for cells in reader:
            if not cells:
                continue
            if len(cells) != width:
                yield reader.line_num, _WrongWidth(len(cells), width)
                continue
            yield reader.line_num, [cells[i] for i in order]
    except (csv.Error, UnicodeDecodeError, OSError, EOFError) as exc:
        raise SourceError(f"{path}: line {reader.line_num + 1}: unreadable ({exc})") from None


def _read_xlsx(path):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise SourceError(f"{path}: not a readable XLSX file ({exc})") from None
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise SourceError(f"{path}: the sheet is empty")
        order = _column_order(header, path)
        for number, cells in enumerate(rows, start=2):
            if cells is None or all(cell is None for cell in cells):
                continue
            yield number, [cells[i] if i < len(cells) else None for i in order]
    finally:
        workbook.close()


class _WrongWidth:
    """Marker for a CSV row with the wrong number of cells."""

    def __init__(self, found, expected):
        self.reason = f"expected {expected} columns, found {found}"


def is_wrong_width(cells):
    return isinstance(cells, _WrongWidth)


