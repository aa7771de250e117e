"""Guides for the demo shop, written from the imported catalogue's own figures.

One guide per top-level category with enough sales: its best seller (with the
number of orders behind that claim), what customers bought with it, the
category's best sellers, and the runner-up's bundle. Every number in the text
comes from the order history; the wording is a template, said so in the README.
"""

from django.utils.html import escape
from oscar.core.loading import get_model
from wagtail.rich_text import RichText

from recommendations import conf as recommendation_conf
from sales.queries import category_best_sellers, purchase_counts
from shop.content.models import GuidePage

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
MIN_PRODUCTS = 4


def guide_for(category, days):
    """(title, slug, intro, body, tags) for one top category, or None if it sold too little."""
    ranked = category_best_sellers([category], days, limit=12).get(category.pk, [])
    products = Product.objects.in_bulk(ranked)
    ranked = [pk for pk in ranked if pk in products and products[pk].is_public]
    if len(ranked) < MIN_PRODUCTS:
        return None
    counts = purchase_counts(ranked[:2], days)
    top, runner_up = products[ranked[0]], products[ranked[1]]
    name = category.name
    body = [
        ("paragraph", RichText(
            f"<p>{escape(top.get_title())} leads our {escape(name.lower())} with "
            f"{counts.get(top.pk, 0)} orders in the last {days} days. Here is what else "
            f"customers put in the same basket, and the rest of the best sellers.</p>")),
        ("product_card", {"product": top, "blurb":
                          f"Ordered {counts.get(top.pk, 0)} times in the last {days} days."}),
        ("bundle", {"heading": f"Bought together with {top.get_title()}", "product": top,
                    "count": 3}),
        ("paragraph", RichText(f"<h2>More {escape(name.lower())} favourites</h2>")),
        ("product_grid", {"heading": "", "products": [], "category": category, "count": 8}),
        ("bundle", {"heading": f"And with {runner_up.get_title()}", "product": runner_up,
                    "count": 3}),
    ]
    tags = [name] + [child.name for child in category.get_children()[:3]]
    return {"title": f"{name}: our best sellers and what goes with them",
            "slug": f"best-of-{category.slug}",
            "intro": f"<p>The {escape(name.lower())} products our customers ordered most "
                     f"in the last {days} days, with what they bought alongside.</p>",
            "body": body, "tags": tags}


def create_guides(index):
    """Create and publish the missing demo guides under ``index``; return their titles."""
    days = recommendation_conf.get("FALLBACK_DAYS")
    created = []
    for category in Category.get_root_nodes():
        spec = guide_for(category, days)
        if spec is None or GuidePage.objects.filter(slug=spec["slug"]).exists():
            continue
        guide = index.add_child(instance=GuidePage(
            title=spec["title"], slug=spec["slug"], intro=spec["intro"], body=spec["body"]))
        guide.tags.add(*spec["tags"])
        guide.save_revision().publish()
        created.append(guide.title)
    return created
