"""Online Retail invoices as baskets, for ``evaluate_recommendations --file``.

The project sets ``RECOMMENDATIONS_BASKET_FILE_READER`` to ``read_baskets`` so the
recommender is measured on the same cleaned invoices the importer would write
(cancellations and non-products out), without the plugin knowing the format.
"""

from recommendations.evaluation import BasketFileError

from .cleaning import clean_rows
from .reading import SourceError, read_rows


def read_baskets(path):
    """[(date, invoice, [stock codes])] of an Online Retail CSV, CSV.gz or XLSX."""
    try:
        clean = clean_rows(read_rows(path))
    except SourceError as exc:
        raise BasketFileError(str(exc)) from None
    grouped, placed = {}, {}
    for sale in clean.sales:
        grouped.setdefault(sale.invoice, []).append(sale.code)
        placed.setdefault(sale.invoice, sale.placed.date())
    return [(placed[i], i, codes) for i, codes in grouped.items()]
