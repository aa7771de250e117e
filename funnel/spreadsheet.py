"""Cells for CSV files an operator opens in a spreadsheet."""

from decimal import Decimal

# OWASP's CSV injection list: a cell starting with one of these can run as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value):
    """A cell a spreadsheet shows as text: a string that could start a formula gets
    a leading apostrophe; money has two decimals, rates four."""
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, str) and value and (value.startswith(FORMULA_START)
                                             or not value[0].isprintable()):
        return "'" + value
    return value
