import time
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from oscar.core.loading import get_model

from shop.demo.shopper import SHOPPER_EMAIL, ensure_demo_shopper
from shop.importer.writer import PARTNER_NAME

DEMO_EMAIL = "admin@example.com"
DEMO_PASSWORD = "shop-demo-2026"


class Command(BaseCommand):
    help = (
        "Prepare the demo shop: import the bundled Online Retail extract with dates "
        "moved to today (once), build the search index if it is missing, mine "
        "'bought together' once, create the dashboard superuser, demo reviews, a guide "
        "per top category, simulated traffic and one sent newsletter with its readers. "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data", default=str(settings.BASE_DIR / "data" / "online_retail_2011q1.csv.gz"),
            help="Online Retail file to import (default: the bundled 2011 Q1 extract)",
        )
        parser.add_argument("--visits", type=int,
                            help="simulated shoppers' visits (simulate_traffic's default "
                                 "unless given; fewer: a quicker setup)")

    def handle(self, data, visits, **options):
        Line = get_model("order", "Line")
        if Line.objects.filter(partner_name=PARTNER_NAME).exists():
            self.stdout.write("Order history already imported; skipping the import.")
        else:
            with self.step("Importing the bundled order history (about 100,000 rows, a "
                           "minute or two)"):
                call_command("import_online_retail", data, "--shift-to-today",
                             stdout=self.stdout, stderr=self.stderr)
        self._ensure_search_index()
        self._ensure_recommendations()
        self._ensure_superuser()
        self.shopper = ensure_demo_shopper(DEMO_PASSWORD)
        with self.step("Seeding demo reviews by customers who bought the products"):
            call_command("seed_demo_reviews", stdout=self.stdout, stderr=self.stderr)
        with self.step("Writing a guide per department"):
            call_command("create_demo_guides", stdout=self.stdout, stderr=self.stderr)
        self._ensure_traffic(visits)
        with self.step("Tidying the search index"):
            self._optimize_search_index()
        self._say_ready()

    @contextmanager
    def step(self, what):
        """Say what a step is doing before it starts, and how long it took."""
        self.stdout.write(f"{what}…")
        self.stdout.flush()
        started = time.monotonic()
        yield
        self.stdout.write(f"  done in {time.monotonic() - started:.0f} s")

    def _ensure_search_index(self):
        from haystack import connections

        backend = connections["default"].get_backend()
        Product = get_model("catalogue", "Product")
        try:
            indexed = backend.search("*", models=[Product])["hits"]
        except Exception:
            indexed = 0
        if indexed < Product.objects.browsable().count():
            with self.step("Building the search index"):
                call_command("update_index", verbosity=0)

    def _optimize_search_index(self):
        """Merge the index's segments into one, as a fresh ``update_index`` leaves it:
        every review seeded or written by the simulated shoppers re-indexed its
        product and left a small segment behind, and each segment is searched
        separately (about a tenth of a catalogue page's time with eight of them)."""
        from haystack import connections

        backend = connections["default"].get_backend()
        if hasattr(backend, "optimize"):  # Whoosh; Solr and Elasticsearch merge themselves
            backend.optimize()

    def _ensure_recommendations(self):
        from recommendations.models import MiningRun

        if not MiningRun.objects.filter(finished_at__isnull=False).exists():
            with self.step("Mining what customers bought together"):
                call_command("mine_recommendations", stdout=self.stdout, stderr=self.stderr)

    def _ensure_superuser(self):
        User = get_user_model()
        user, _ = User.objects.get_or_create(
            username="admin", defaults={"email": DEMO_EMAIL}
        )
        user.email = DEMO_EMAIL
        user.is_staff = user.is_superuser = True
        user.set_password(DEMO_PASSWORD)
        user.save()

    def _ensure_traffic(self, visits):
        from funnel.models import Event
        from shop.newsletter.models import NewsletterIssue

        if not Event.objects.exists():
            with self.step("Simulating 30 days of shoppers (real requests through the "
                           "shop, a few minutes)"):
                visits = ["--visits", str(visits)] if visits is not None else []
                call_command("simulate_traffic", *visits, stdout=self.stdout,
                             stderr=self.stderr)
        if not NewsletterIssue.objects.exists():
            call_command("create_demo_newsletter", stdout=self.stdout, stderr=self.stderr)
            with self.step("Simulating the newsletter's readers"):
                call_command("simulate_traffic", "--newsletter", stdout=self.stdout,
                             stderr=self.stderr)
        with self.step("Rolling up the funnel's figures"):
            call_command("build_funnel_rollups", stdout=self.stdout, stderr=self.stderr)

    def _say_ready(self):
        base = settings.SHOP_BASE_URL.rstrip("/")
        self.stdout.write(self.style.SUCCESS(
            f"\nDemo shop ready: {base}/\n"
            f"  Dashboard {base}/dashboard/ and Wagtail admin {base}/cms/\n"
            f"  Log in as {DEMO_EMAIL} (username admin) with password {DEMO_PASSWORD}\n"
            + (f"  Shop as a returning customer with real order history: {SHOPPER_EMAIL} "
               f"({self.shopper.orders.count()} orders), same password\n"
               if self.shopper else "")
        ))
