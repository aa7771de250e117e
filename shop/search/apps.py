from oscar.apps.search import apps


class SearchConfig(apps.SearchConfig):
    """Oscar's search app (label ``search``), forked for ``facets.base_sqs`` only."""

    name = "shop.search"
