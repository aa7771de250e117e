# Haystack collects each installed app's search indexes from this module: Oscar's, as is.
from oscar.apps.search.search_indexes import ProductIndex  # noqa: F401
