"""The demo's newsletter: synthetic subscribers and one issue made from the guides.

Subscribers get reserved ``example.com`` addresses (RFC 2606) and consent
timestamps as if they had confirmed; the issue links every published guide and
shows the shop's best sellers, so its numbers come from the order history.
"""

import random
from datetime import timedelta

from django.utils import timezone
from django.utils.html import escape
from oscar.core.loading import get_model
from wagtail.rich_text import RichText

from recommendations.selectors import best_seller_ids
from shop.content.models import GuidePage
from shop.newsletter.models import NewsletterIssue, Subscriber

Product = get_model("catalogue", "Product")


def create_subscribers(count, seed=1):
    rng, now = random.Random(seed), timezone.now()
    rows = []
    for number in range(1, count + 1):
        requested = now - timedelta(days=rng.uniform(1, 180))
        rows.append(Subscriber(email=f"reader-{number:04d}@example.com", requested_at=requested,
                               confirmed_at=requested + timedelta(minutes=rng.uniform(1, 90))))
    Subscriber.objects.bulk_create(rows, ignore_conflicts=True)
    return Subscriber.objects.confirmed().count()


def create_issue():
    guides = list(GuidePage.objects.live().order_by("title"))
    best = [pk for pk in best_seller_ids(None, limit=12)
            if Product.objects.filter(pk=pk, is_public=True).exists()][:6]
    products = Product.objects.in_bulk(best)
    links = "".join(f'<li><a linktype="page" id="{guide.pk}">{escape(guide.title)}</a></li>'
                    for guide in guides)
    body = [("paragraph", RichText(
        "<p>What sold best this month, what customers bought with it, and our new "
        "guides.</p>" + (f"<h2>New guides</h2><ul>{links}</ul>" if links else "")))]
    if best:
        body.append(("product_grid", {"heading": "This month's best sellers",
                                      "products": [products[pk] for pk in best],
                                      "category": None, "count": len(best)}))
        body.append(("bundle", {"heading": f"Often bought with {products[best[0]].get_title()}",
                                "product": products[best[0]], "count": 3}))
    month = timezone.localdate().strftime("%B")
    return NewsletterIssue.objects.create(
        subject=f"{month}'s favourites and {len(guides)} new guides",
        preheader="The best sellers, what goes with them, and where to start.", body=body)
