"""Oscar's search facets, trimmed to what means something to a shopper, and each
page of results loaded in one go.

Facets: a value that products lack ("None") is no choice, and a facet whose
products all share one value (every product is a "gift") filters nothing:
both are left out, unless the shopper has selected them. Ratings read as stars,
best first.

Loading: Oscar's listings (the catalogue, categories, search results) render
haystack results, and each result loads its product on its own, then its card
loads the product's images, stock record and options: six queries a product,
over a hundred for a page of twenty. With ``load_all`` the page's products load
together through the index's ``read_queryset`` (Oscar's ``base_queryset``:
product class, images, stock records and options prefetched): a handful of
queries for the page, whatever its size.
"""

from oscar.apps.search import facets

RATING_FIELD = "rating"


def base_sqs():
    return facets.base_sqs().load_all()


class FacetMunger(facets.FacetMunger):
    def facet_data(self):
        data = super().facet_data()
        for key, facet in list(data.items()):
            results = [item for item in facet["results"]
                       if item["name"] not in (None, "None", "")]
            if len(results) < 2 and not any(item.get("selected") for item in results):
                del data[key]
                continue
            if key == RATING_FIELD:
                for item in results:
                    item["stars"] = int(item["name"])
                results.sort(key=lambda item: -item["stars"])
            facet["results"] = results
        return data
