from django.core.management.base import BaseCommand

from funnel import rollups


class Command(BaseCommand):
    help = ("Roll the raw funnel events up into daily aggregates (run it hourly or nightly; "
            "safe to repeat: days are rebuilt whole).")

    def handle(self, **options):
        days, rows = rollups.build()
        self.stdout.write(self.style.SUCCESS(f"Rolled up {days} day(s) into {rows} row(s)."))
