"""Drive real requests through the shop so the demo's funnel has life in it.

Every request goes through Django's full stack (middleware, Oscar's views, the
tracking) with Django's test client; nothing is written to the event table
directly. Seeded, so a run is reproducible.

Visits happen in order over the last ``--days`` days: each is simulated now
and then moved, with its events, order and basket lines, to its moment. A
visit follows the rates in ``shop.demo.traffic`` (documented there, with the
funnel figures they produce): it lands from a channel on a guide, a product or
the catalogue; returning visitors keep their visitor cookie (and half of them
sign in); a visit that views a product may add to basket what a real imported
order held, start checkout, and go on step by step to a placed order. Signed-in
customers' abandoned baskets then get their reminder mail (the mail app's
sender), and some reminded customers come back through it and order.

``--newsletter``: each recipient of the latest sent issue opens it (fetches its
pixel), an opener clicks a product link, a clicker buys (rates in ``traffic``);
the issue went out today.
"""

import random
import re
import time
import uuid
from datetime import timedelta
from html import unescape

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management.base import BaseCommand
from django.db.models import Count, F
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from funnel import mail as measured
from funnel.models import Event, EventType
from shop.content.blocks import featured_product_ids
from shop.demo.traffic import CHECKOUT_STEPS, RATES, plan_visit
from shop.mail.automated import BasketReminders
from shop.mail.models import Delivery
from shop.newsletter.models import KIND, NewsletterIssue

Basket = get_model("basket", "Basket")
BasketLine = get_model("basket", "Line")
Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
Page = get_model("wagtailcore", "Page")

CHROME = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/131.0.0.0 Safari/537.36")
CHANNELS = [(0.40, {"HTTP_REFERER": "https://www.google.com/"}), (0.25, {}),
            (0.15, {"HTTP_REFERER": "https://www.instagram.com/"}),
            (0.10, {"utm": "?utm_source=newsletter&utm_medium=email"}),
            (0.10, {"HTTP_REFERER": "https://blog.example.org/gift-ideas"})]
ADDRESS = {"first_name": "Sam", "last_name": "Shopper", "line1": "1 Demo Street",
           "line4": "London", "postcode": "SW1A 1AA", "country": "GB"}


_handler = []  # the current run's


SUGGESTION_LINK = re.compile(r'<a class="bundle-title" href="([^"]+)"')
BUNDLE_ITEM = re.compile(r'<li class="bundle-item" data-source="([a-z_]+)" data-product="(\d+)"')


def first_suggestion(html):
    """(product id, source) of the first suggestion in a product page's bundle, or None."""
    start = html.find('id="bought-together"')
    found = BUNDLE_ITEM.search(html, start) if start >= 0 else None
    return (int(found[2]), found[1]) if found else None


def browser():
    """A test client that asks for the shop by a host it serves (production settings
    allow no "testserver"), over https where the shop insists on it.

    Every client shares one handler: each new one would build the middleware again,
    and WhiteNoise's scans every collected static file when it is built.
    """
    host = next((h for h in settings.ALLOWED_HOSTS if "*" not in h and not h.startswith(".")),
                "testserver")
    scheme = {"wsgi.url_scheme": "https"} if settings.SECURE_SSL_REDIRECT else {}
    client = Client(HTTP_USER_AGENT=CHROME, HTTP_HOST=host, **scheme)
    if _handler:
        client.handler = _handler[0]
    else:
        _handler.append(client.handler)
    return client


class Visitor:
    """A browser: its cookies (visitor, basket) last between its visits."""

    def __init__(self, user=None):
        self.client = browser()
        self.user = user


class Command(BaseCommand):
    help = "Simulate shoppers through real requests, day by day over the last weeks."

    def add_arguments(self, parser):
        parser.add_argument("--visits", type=int, default=2000)
        parser.add_argument("--days", type=int, default=30, help="spread over this many days")
        parser.add_argument("--customers", type=int, default=80,
                            help="demo customer accounts returning visitors sign in to")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--newsletter", action="store_true",
                            help="only simulate the readers of the latest sent newsletter")

    @override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    def handle(self, visits, days, customers, seed, newsletter=False, **options):
        """Mail the simulation causes (order confirmations, reminders) stays in memory."""
        self.rng = random.Random(seed)
        _handler.clear()  # built again under this run's settings
        if newsletter:
            self.newsletter_readers()
            return
        self.guides = [path.split("/", 2)[-1] for path in Page.objects.filter(
            depth__gte=3).live().values_list("url_path", flat=True)]
        self.products = list(Product.objects.browsable().filter(
            stockrecords__num_in_stock__gt=0).values_list("pk", flat=True))
        self.baskets = [list(lines) for lines in self.imported_baskets()]
        if not self.products or not self.baskets:
            self.stderr.write("No products in stock: import the order history first.")
            return
        self.accounts = self.demo_customers(customers)
        before = Order.objects.count()
        now = timezone.now()
        # Visit times in order, none in the last hour (reminders need a day to be due).
        moments = sorted(now - timedelta(hours=1) - timedelta(
            seconds=self.rng.random() * (days * 86400 - 3600)) for _ in range(visits))
        self.visitors = []
        clock = time.monotonic()
        for number, moment in enumerate(moments, 1):
            self.visit(moment)
            if number % 250 == 0 and number < visits:
                self.stdout.write(f"  {number:,} of {visits:,} visits "
                                  f"({time.monotonic() - clock:.0f} s)…")
        reminded, recovered = self.reminders()
        placed = Order.objects.count() - before
        self.stdout.write(self.style.SUCCESS(
            f"Simulated {visits} visits over {days} days: {placed} orders placed, "
            f"{reminded} basket reminders sent, {recovered} baskets recovered by them."))

    # -- the shop's data the simulation draws on ------------------------------------

    def imported_baskets(self):
        """What real imported orders held (1 to 6 products each), to add as a basket."""
        orders = (Order.objects.filter(number__regex=r"^\d+$").annotate(n=Count("lines"))
                  .filter(n__gte=1, n__lte=6).order_by("-date_placed")
                  .values_list("pk", flat=True)[:600])
        lines = {}
        for order, product in get_model("order", "Line").objects.filter(
                order__in=list(orders), product__in=self.products).values_list(
                "order_id", "product_id"):
            lines.setdefault(order, []).append(product)
        return [lines[pk] for pk in sorted(lines)]

    def demo_customers(self, count):
        User = get_user_model()
        accounts = []
        for number in range(1, count + 1):
            user, created = User.objects.get_or_create(
                username=f"demo-shopper-{number}",
                defaults={"email": f"demo-shopper-{number}@example.com",
                          "first_name": "Demo", "last_name": f"Shopper {number}"})
            accounts.append(user)
        return accounts

    # -- one visit ------------------------------------------------------------------

    def visit(self, moment):
        """Send the requests of one planned visit (``traffic.plan_visit``)."""
        started = timezone.now()
        plan = plan_visit(self.rng, can_return=bool(self.visitors))
        visitor = self.returning_visitor() if plan.returning else self.new_visitor()
        utm, headers = self.channel()
        client = visitor.client
        basket = self.rng.choice(self.baskets)
        product_url = Product.objects.get(pk=basket[0]).get_absolute_url()
        page = None
        if plan.landing == "product":
            page = client.get(product_url + utm, **headers)
        else:
            path = ("/content/" + self.rng.choice(self.guides)
                    if plan.landing == "guide" and self.guides else reverse("catalogue:index"))
            client.get(path + utm, **headers)
            if plan.views_product:
                page = client.get(product_url)
        if page is not None and self.rng.random() < RATES["open_suggestion"]:
            link = SUGGESTION_LINK.search(page.content.decode())
            if link:  # a look at the first suggestion, from its link in the bundle
                client.get(unescape(link[1]))
        if plan.adds_to_basket:
            for product in basket:
                client.post(reverse("basket:add", kwargs={"pk": product}), {"quantity": 1})
            if page is not None:
                self.take_a_suggestion(client, page, basket[0])
            client.get(reverse("basket:summary"))
        if plan.starts_checkout:
            self.checkout(visitor, steps=plan.steps)
        self.move(started, moment)

    def take_a_suggestion(self, client, page, product):
        """A shopper who buys may also add the first suggestion of the product page's
        bundle: a mined complement more often than a best seller filling in (what the
        A/B holdout's control shows), at the rates of ``traffic.RATES``."""
        suggestion = first_suggestion(page.content.decode())
        if suggestion is None:
            return
        complement, source = suggestion
        rate = RATES["take_suggestion" if source == "mined" else "take_best_seller"]
        if self.rng.random() < rate:
            client.post(reverse("recommendations:add-all"), {
                "products": [complement], "source": "bought_together", "product": product})

    def new_visitor(self):
        visitor = Visitor()
        self.visitors.append(visitor)
        return visitor

    def returning_visitor(self):
        visitor = self.rng.choice(self.visitors)
        visitor.client.cookies.pop("shop_sid", None)  # a new visit, the same visitor
        if visitor.user is None and self.rng.random() < RATES["sign_in"]:
            visitor.user = self.rng.choice(self.accounts)
            visitor.client.force_login(visitor.user)
        return visitor

    def channel(self):
        extra = dict(self.rng.choices([c for _, c in CHANNELS], [w for w, _ in CHANNELS])[0])
        return extra.pop("utm", ""), extra

    def checkout(self, visitor, steps=CHECKOUT_STEPS):
        """Start checkout and go on for ``steps`` steps; True when an order was placed."""
        client = visitor.client
        client.get(reverse("checkout:index"))
        if visitor.user is None:
            client.post(reverse("checkout:index"), {
                "username": f"guest-{uuid.UUID(int=self.rng.getrandbits(128)).hex[:10]}"
                            "@example.invalid", "options": "anonymous"})
        pages = [
            lambda: (client.get(reverse("checkout:shipping-address")),
                     client.post(reverse("checkout:shipping-address"), ADDRESS)),
            lambda: client.get(reverse("checkout:shipping-method")),
            lambda: (client.get(reverse("checkout:payment-method")),
                     client.get(reverse("checkout:preview"))),
            lambda: client.post(reverse("checkout:preview"), {"action": "place_order"}),
        ]
        assert len(pages) == CHECKOUT_STEPS
        response = None
        for step in pages[:steps]:
            response = step()
        return steps == CHECKOUT_STEPS and response.status_code == 302 and (
            "thank-you" in response.get("Location", ""))

    def move(self, started, moment):
        """Move what the visit just wrote (events, orders, basket lines) to ``moment``."""
        offset = timezone.now() - moment
        Event.objects.filter(occurred_at__gte=started).update(
            occurred_at=F("occurred_at") - offset)
        Order.objects.filter(date_placed__gte=started).update(
            date_placed=F("date_placed") - offset)
        BasketLine.objects.filter(date_updated__gte=started).update(
            date_updated=F("date_updated") - offset)
        Basket.objects.filter(date_created__gte=started).update(
            date_created=F("date_created") - offset)
        Basket.objects.filter(date_submitted__gte=started).update(
            date_submitted=F("date_submitted") - offset)

    # -- after the visits: reminders, and customers they bring back ------------------

    def reminders(self):
        """The mail app's reminders for the baskets now due, each dated a day after its
        basket was left; some customers come back through the mail and order."""
        touched = {basket.pk: basket.touched for basket in BasketReminders.due()}
        started = timezone.now()
        BasketReminders.send()
        sent = Delivery.objects.filter(kind=BasketReminders.kind, status=Delivery.SENT,
                                       sent_at__gte=started)
        recovered = 0
        latest = timezone.now() - timedelta(minutes=30)
        for delivery in sent:
            # A day after the basket was left, and never later than now.
            at = min(touched[delivery.mail_id] + timedelta(hours=24 + self.rng.random()),
                     latest - timedelta(minutes=30))
            Event.objects.filter(type=EventType.EMAIL_SENT, data__mail=BasketReminders.kind,
                                 data__mail_id=str(delivery.mail_id)).update(occurred_at=at)
            Delivery.objects.filter(pk=delivery.pk).update(sent_at=at, claimed_at=at,
                                                           date_created=at)
            if self.rng.random() >= RATES["recover"]:
                continue
            visitor = Visitor(delivery.user)
            visitor.client.force_login(delivery.user)
            back = timezone.now()
            link = measured.tracked_url(BasketReminders.kind, delivery.mail_id,
                                        delivery.email, reverse("basket:summary"))
            visitor.client.get(link, follow=True)
            recovered += self.checkout(visitor)
            # Some time after the reminder, before now.
            self.move(back, at + min(latest - at, timedelta(hours=48)) * (
                0.05 + 0.95 * self.rng.random()))
        mail.outbox = []
        return sent.count(), recovered

    # -- newsletter readers ---------------------------------------------------------

    def newsletter_readers(self):
        issue = NewsletterIssue.objects.filter(sent_at__isnull=False).first()
        featured = featured_product_ids(issue.body) if issue else []
        if not featured:
            return
        opened = clicked = bought = 0
        emails = issue.deliveries().filter(status=Delivery.SENT).values_list(
            "email", flat=True).order_by("pk")
        for email in emails:
            if self.rng.random() >= RATES["open"]:
                continue
            browser().get(
                measured.pixel_url(KIND, issue.pk, email, issue.campaign))
            opened += 1
            if self.rng.random() >= RATES["click"]:
                continue
            product = Product.objects.get(pk=self.rng.choice(featured))
            reader = Visitor()
            reader.client.get(measured.tracked_url(KIND, issue.pk, email,
                                                   product.get_absolute_url(),
                                                   issue.campaign), follow=True)
            clicked += 1
            if self.rng.random() >= RATES["buy_after_click"]:
                continue
            reader.client.post(reverse("basket:add", kwargs={"pk": product.pk}),
                               {"quantity": 1})
            bought += self.checkout(reader)
        self.stdout.write(f"Newsletter {issue.subject!r}: {opened} opened, {clicked} "
                          f"clicked, {bought} ordered.")
