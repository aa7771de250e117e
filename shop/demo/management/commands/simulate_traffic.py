"""Drive real requests through the shop so the demo's funnel has life in it.

Every request goes through Django's full stack (middleware, Oscar's views,
the tracking) with Django's test client; nothing is written to the event
table directly. Seeded, so a run is reproducible.

* **Buying visits** replay real orders of the imported history: the visitor
  lands from a channel, may read a guide, views the order's products and one or
  two others of the same category it did not buy, adds what the order held, and
  checks out as a guest to a placed order.
* **Other visits** land, browse and leave, each step continuing with these
  rates (documented e-commerce benchmarks, rounded):
  - product view after landing: 60%; basket add after a product view: 10%
    (add-to-cart rates of 8–12% in published e-commerce benchmarks such as
    Littledata's and Smart Insights');
  - checkout start after a basket add: 45%; each checkout step onwards: 80%;
    together about 70% of baskets are abandoned, the Baymard Institute's
    long-running average cart-abandonment rate (70.19%).
* Channels: 40% search, 25% direct, 15% social, 10% email, 10% referral.
* **Newsletter readers** (``--newsletter``): each recipient of the latest sent
  issue opens it (fetches its pixel) with 30%, an opener clicks a product link
  with 10% (3% of recipients: both near published e-commerce email benchmarks),
  and a clicker buys with 15% (email visitors convert above the site's average;
  the rate is the demo's choice). These visits are not spread: the issue went
  out today.

Events and simulated orders are then spread over the last ``--days`` days.
"""

import random
import uuid
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from funnel import mail as measured
from funnel.models import Event
from shop.content.blocks import featured_product_ids
from shop.mail.models import Delivery
from shop.newsletter.models import KIND, NewsletterIssue

Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
Page = get_model("wagtailcore", "Page")

CHROME = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/131.0.0.0 Safari/537.36")
CHANNELS = [(0.40, {"HTTP_REFERER": "https://www.google.com/"}), (0.25, {}),
            (0.15, {"HTTP_REFERER": "https://www.instagram.com/"}),
            (0.10, {"utm": "?utm_source=newsletter&utm_medium=email"}),
            (0.10, {"HTTP_REFERER": "https://blog.example.org/gift-ideas"})]
RATES = {"product": 0.60, "basket": 0.10, "checkout": 0.45, "step": 0.80,
         "open": 0.30, "click": 0.10, "buy_after_click": 0.15}


class Command(BaseCommand):
    help = "Simulate shoppers through real requests: journeys from imported orders."

    def add_arguments(self, parser):
        parser.add_argument("--orders", type=int, default=40,
                            help="imported orders to replay as buying visits")
        parser.add_argument("--visits", type=int, default=200, help="visits that do not buy")
        parser.add_argument("--days", type=int, default=28, help="spread over this many days")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--newsletter", action="store_true",
                            help="also simulate the readers of the latest sent newsletter")

    @override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    def handle(self, orders, visits, days, seed, newsletter=False, **options):
        """(Order confirmations to the simulated shoppers' .invalid addresses stay unsent.)"""
        self.rng = random.Random(seed)
        self.guides = list(Page.objects.filter(depth__gte=2).live().values_list(
            "url_path", flat=True))
        products = list(Product.objects.browsable().filter(stockrecords__num_in_stock__gt=0)
                        .values_list("pk", flat=True))
        if not products:
            self.stderr.write("No products in stock: import the order history first.")
            return
        if newsletter:
            self.newsletter_readers()
        source = list(Order.objects.filter(number__regex=r"^\d+$").annotate(
            n=Count("lines")).filter(n__gte=1, n__lte=8).order_by("-date_placed")[:orders * 3])
        self.rng.shuffle(source)
        placed = 0
        for order in source[:orders]:
            placed += self.buying_visit(order)
        for _ in range(visits):
            self.browsing_visit(products)
        if days:
            self.spread(days)
        if orders or visits:
            self.stdout.write(self.style.SUCCESS(
                f"Simulated {orders} buying visits ({placed} orders placed) and {visits} "
                "others."))

    def newsletter_readers(self):
        issue = NewsletterIssue.objects.filter(sent_at__isnull=False).first()
        if issue is None:
            return
        featured = featured_product_ids(issue.body)
        if not featured:
            return
        opened = clicked = bought = 0
        emails = issue.deliveries().filter(status=Delivery.SENT).values_list(
            "email", flat=True).order_by("pk")
        for email in emails:
            if self.rng.random() > RATES["open"]:
                continue
            mail_app = Client(HTTP_USER_AGENT=CHROME)
            mail_app.get(measured.pixel_url(KIND, issue.pk, email, issue.campaign))
            opened += 1
            if self.rng.random() > RATES["click"]:
                continue
            product = Product.objects.get(pk=self.rng.choice(featured))
            link = measured.tracked_url(KIND, issue.pk, email, product.get_absolute_url(),
                                        issue.campaign)
            reader = Client(HTTP_USER_AGENT=CHROME)
            reader.get(link, follow=True)
            clicked += 1
            if self.rng.random() > RATES["buy_after_click"]:
                continue
            reader.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
            bought += self.checkout(reader, complete=True)
        self.stdout.write(f"Newsletter {issue.subject!r}: {opened} opened, {clicked} "
                          f"clicked, {bought} ordered.")

    def client(self):
        weights = [w for w, _ in CHANNELS]
        extra = dict(self.rng.choices([c for _, c in CHANNELS], weights)[0])
        return Client(HTTP_USER_AGENT=CHROME), extra.pop("utm", ""), extra

    def land(self, client, utm, headers):
        if self.guides and self.rng.random() < 0.35:
            # url_path is "/guides/<slug>/"; the site root is served at /content/
            path = self.rng.choice(self.guides).split("/", 2)[-1]
            client.get("/content/" + path + utm, **headers)
        else:
            client.get(reverse("catalogue:index") + utm, **headers)

    def buying_visit(self, order):
        client, utm, headers = self.client()
        self.land(client, utm, headers)
        lines = list(order.lines.filter(product__isnull=False).select_related("product"))
        for line in lines:
            client.get(line.product.get_absolute_url())
            category = line.product.categories.first()
            if category is not None:
                for other in category.product_set.exclude(pk=line.product_id).order_by("?")[
                        :self.rng.randint(0, 2)]:
                    client.get(other.get_absolute_url())
        for line in lines:
            client.post(reverse("basket:add", kwargs={"pk": line.product_id}),
                        {"quantity": min(line.quantity, 5)})
        return self.checkout(client, complete=True)

    def browsing_visit(self, products):
        client, utm, headers = self.client()
        self.land(client, utm, headers)
        if self.rng.random() > RATES["product"]:
            return
        product = Product.objects.get(pk=self.rng.choice(products))
        client.get(product.get_absolute_url())
        if self.rng.random() > RATES["basket"]:
            return
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
        client.get(reverse("basket:summary"))
        if self.rng.random() > RATES["checkout"]:
            return
        self.checkout(client, complete=False)

    def checkout(self, client, complete):
        email = f"simulated-{uuid.uuid4().hex[:10]}@example.invalid"
        client.get(reverse("checkout:index"))
        client.post(reverse("checkout:index"), {"username": email, "options": "anonymous"})
        steps = [
            lambda: client.get(reverse("checkout:shipping-address")),
            lambda: client.post(reverse("checkout:shipping-address"), {
                "first_name": "Sam", "last_name": "Shopper", "line1": "1 Demo Street",
                "line4": "London", "postcode": "SW1A 1AA", "country": "GB"}),
            lambda: client.get(reverse("checkout:shipping-method")),
            lambda: client.get(reverse("checkout:payment-method")),
            lambda: client.get(reverse("checkout:preview")),
        ]
        for step in steps:
            if not complete and self.rng.random() > RATES["step"]:
                return 0
            step()
        response = client.post(reverse("checkout:preview"), {"action": "place_order"})
        return int(response.status_code == 302 and "thank-you" in response.get("Location", ""))

    def spread(self, days):
        """Move each simulated visit, and its order, to a moment in the last ``days`` days."""
        now = timezone.now()
        sessions = Event.objects.filter(occurred_at__gte=now - timedelta(hours=6)).values_list(
            "session_id", flat=True).distinct()
        for session in sessions:
            if session is None:
                continue
            offset = timedelta(days=self.rng.random() * days)
            events = Event.objects.filter(session_id=session)
            for event in events:
                Event.objects.filter(pk=event.pk).update(occurred_at=event.occurred_at - offset)
            Order.objects.filter(pk__in=events.exclude(order=None).values("order")).update(
                date_placed=now - offset)
