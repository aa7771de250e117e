"""Which model ranks the stored complements, and when the shop falls back.

``mine`` is the one entry point for a rebuild and for the offline evaluation,
so what is measured is what is shipped. The neighbourhood EASE
(``ease.mine_matrix_neighbourhood``) ranks best (README, "Evaluation"); the
basket-weighted cosine (``mining.mine_matrix``) is the fallback: for a
catalogue above ``RECOMMENDATIONS_MODEL_MAX_PRODUCTS`` (its cost, measured by
``make bench``) and for the Spark engine, which computes the cosine. The model
used and why are returned, for the mining run to record.
"""

from dataclasses import dataclass

from . import ease, mining

NEIGHBOURHOOD, COSINE = "neighbourhood-ease", "weighted-cosine"
MODELS = (NEIGHBOURHOOD, COSINE)


@dataclass(frozen=True)
class Mined:
    complements: mining.Complements
    model: str
    reason: str


def choose(model, n_products, max_products):
    """(model to use, why) for a catalogue of ``n_products`` bought products."""
    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}: one of {', '.join(MODELS)}")
    if model == COSINE:
        return COSINE, "weighted cosine chosen in RECOMMENDATIONS_MODEL"
    if n_products > max_products:
        return COSINE, (f"fell back to the weighted cosine: {n_products:,} products is above "
                        f"RECOMMENDATIONS_MODEL_MAX_PRODUCTS ({max_products:,})")
    return NEIGHBOURHOOD, f"neighbourhood EASE on {n_products:,} products"


def mine(basket_ids, item_ids, *, model=NEIGHBOURHOOD, min_count=mining.DEFAULT_MIN_COUNT,
         top_n=mining.DEFAULT_TOP_N, max_basket_items=mining.DEFAULT_MAX_BASKET_ITEMS,
         ridge=ease.DEFAULT_RIDGE, neighbours=ease.DEFAULT_NEIGHBOURS,
         max_products=50_000):
    """Top ``top_n`` complements per product from (basket, product) pairs, by the
    ``model`` asked for unless the catalogue is too large for it."""
    if min_count < 1:
        raise ValueError("min_count must be at least 1")
    data = mining.build_basket_matrix(basket_ids, item_ids, max_basket_items)
    used, reason = choose(model, len(data.items), max_products)
    if used == NEIGHBOURHOOD:
        found = ease.mine_matrix_neighbourhood(data, lam=ridge, neighbours=neighbours,
                                               top_n=top_n, min_count=min_count)
    else:
        found = mining.mine_matrix(data, min_count=min_count, top_n=top_n)
    return Mined(found, used, reason)
