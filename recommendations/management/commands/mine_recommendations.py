import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from recommendations import services

from ._arguments import iso_date


class Command(BaseCommand):
    help = (
        "Rebuild 'frequently bought together' from the shop's orders. Run it hourly "
        "(orders placed in between are counted in as they come); operator pins and "
        "blocks are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", type=iso_date,
                            help="only orders placed on or after this day (YYYY-MM-DD)")
        parser.add_argument("--engine", choices=services.ENGINES, default="sparse",
                            help="sparse: scipy in this process (default); spark: the same "
                                 "pairs on RECOMMENDATIONS_SPARK_MASTER (needs PySpark)")

    def handle(self, since, engine="sparse", **options):
        if since and since > date.today():
            raise CommandError("--since is in the future: there are no orders to mine")
        from tqdm import tqdm

        steps = tqdm(total=3, desc="Mining", unit=" step", file=self.stderr._out,
                     disable=not self.stderr.isatty())
        started = time.perf_counter()

        def progress(label):
            if steps.n or label != "Reading orders":
                steps.update(1)
            steps.set_description(label)

        if engine == "spark":
            try:
                import pyspark  # noqa: F401
            except ImportError:
                raise CommandError("--engine spark needs PySpark: pip install -r "
                                   "requirements-spark.txt (and Java 17)") from None
        run = services.rebuild(since=since, progress=progress, engine=engine)
        steps.update(steps.total - steps.n)
        steps.close()
        if not run.orders:
            self.stdout.write(self.style.WARNING(
                "No orders to mine" + (f" since {since}" if since else "") + "; pairs cleared."))
        self.stdout.write(self.style.SUCCESS(
            f"Mined {run.orders:,} orders: {run.products:,} products, {run.pairs:,} pairs "
            f"in {time.perf_counter() - started:.1f}s ({engine}; {run.model_reason})."))
