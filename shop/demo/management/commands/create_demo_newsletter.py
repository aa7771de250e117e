"""Demo only: synthetic subscribers and one issue, sent through the mail backend."""

from django.conf import settings
from django.core.mail import get_connection
from django.core.management.base import BaseCommand

from shop.demo.newsletter import create_issue, create_subscribers
from shop.newsletter.models import NewsletterIssue
from shop.newsletter.sending import send_issue


class Command(BaseCommand):
    help = ("Create demo subscribers (example.com addresses) and a newsletter issue from "
            "the guides and best sellers, and send it. Does nothing if an issue exists.")

    def add_arguments(self, parser):
        parser.add_argument("--subscribers", type=int, default=400)
        parser.add_argument("--mail-log", default=str(settings.BASE_DIR / "demo-mail.log"),
                            help="Where the console mail backend writes the mails.")

    def handle(self, *args, subscribers, mail_log, **options):
        if NewsletterIssue.objects.exists():
            self.stdout.write("A newsletter issue exists; skipping the demo newsletter.")
            return
        confirmed = create_subscribers(subscribers)
        issue = create_issue()
        console = settings.EMAIL_BACKEND.endswith("console.EmailBackend")
        with open(mail_log, "w", encoding="utf-8") as stream:
            # The console backend would print every copy; the demo keeps them in a file.
            connection = get_connection(stream=stream) if console else None
            outcome = send_issue(issue, connection=connection)
        where = f" (written to {mail_log})" if console else ""
        self.stdout.write(f"Newsletter {issue.subject!r}: sent to {outcome.sent} of "
                          f"{confirmed} confirmed subscribers{where}.")
