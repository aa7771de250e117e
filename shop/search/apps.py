from oscar.apps.search import apps


class SearchConfig(apps.SearchConfig):
    """Oscar's search app (label ``search``), forked for bulk loading and trimmed facets
    (``facets``), the "Best selling" and Bayesian "Customer rating" sorts (``forms``,
    ``search_indexes``) and ``refresh_search_ranks``."""

    name = "shop.search"
