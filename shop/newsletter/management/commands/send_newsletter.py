"""Send a newsletter issue to its confirmed subscribers; run it again to resume."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from shop.mail.models import Delivery

from ...models import NewsletterIssue
from ...sending import retry_interrupted, send_issue


class Command(BaseCommand):
    help = ("Send a newsletter issue to every confirmed subscriber. Safe to run again "
            "after a crash: nobody already mailed is mailed twice.")

    def add_arguments(self, parser):
        parser.add_argument("issue", nargs="?", type=int, help="The issue's id.")
        parser.add_argument("--latest", action="store_true",
                            help="The newest issue not completely sent.")
        parser.add_argument("--retry-interrupted", action="store_true", dest="retry",
                            help="Also send deliveries a crashed run left mid-send; those "
                                 "recipients may get the issue twice.")

    def handle(self, *args, issue=None, latest=False, retry=False, **options):
        if (issue is None) == (not latest):
            raise CommandError("Name one issue id, or --latest.")
        if latest:
            found = NewsletterIssue.objects.filter(sent_at__isnull=True).first()
        else:
            found = NewsletterIssue.objects.filter(pk=issue).first()
        if found is None:
            raise CommandError(f"No newsletter issue {issue if issue else 'left to send'}.")
        if retry:
            self.stdout.write(f"Re-queued {retry_interrupted(found)} interrupted deliveries.")
        outcome = send_issue(found)
        counts = dict(found.deliveries().values("status")
                      .annotate(n=Count("pk")).values_list("status", "n").order_by())
        self.stdout.write(
            f"{found}: sent {outcome.sent} now, {outcome.failed} failed, "
            f"{outcome.skipped_total} skipped; in total {counts.get(Delivery.SENT, 0)} sent, "
            f"{counts.get(Delivery.PENDING, 0)} pending, {counts.get(Delivery.FAILED, 0)} "
            f"given up, {counts.get(Delivery.SENDING, 0)} interrupted.")
        for error in outcome.errors[:10]:
            self.stderr.write(f"  failed: delivery {error}")
        if outcome.interrupted:
            self.stderr.write(f"{outcome.interrupted} deliveries were interrupted by an "
                              "earlier crash and were not resent (use --retry-interrupted).")
