from django.core.management.base import BaseCommand

from funnel import conf, rollups


class Command(BaseCommand):
    help = ("Delete raw funnel events older than FUNNEL_RETENTION_DAYS (default 90) once "
            "they are rolled up; the daily aggregates stay.")

    def handle(self, **options):
        deleted = rollups.purge()
        self.stdout.write(self.style.SUCCESS(
            f"Deleted {deleted} raw event(s) older than {conf.get('RETENTION_DAYS')} days."))
