from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from reviews import conf


class Command(BaseCommand):
    help = (
        "Mail customers whose orders are due (REVIEWS_REQUEST_DELAY_DAYS after completion) "
        "to review what they bought. Run it daily; an order is never mailed twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="list the orders that would be mailed; send nothing")

    def handle(self, dry_run, **options):
        outcome = import_string(conf.get("REQUEST_SENDER"))(dry_run=dry_run)
        verb = "Would mail" if dry_run else "Mailed"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(outcome.sent)} review requests."))
        for reason, count in sorted(outcome.skipped.items()):
            self.stdout.write(f"  skipped {count}: {reason}")
        if outcome.failed:
            self.stderr.write(f"  failed (tried again next run): {', '.join(outcome.failed)}")
