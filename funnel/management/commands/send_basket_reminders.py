from django.core.management.base import BaseCommand

from funnel.reminders import send_basket_reminders


class Command(BaseCommand):
    help = ("Mail known customers one reminder about a basket they left "
            "(FUNNEL_REMINDER_AFTER_HOURS untouched). Run it hourly; never mails twice.")

    def handle(self, **options):
        sent, skipped = send_basket_reminders()
        self.stdout.write(self.style.SUCCESS(f"Sent {len(sent)} basket reminder(s)."))
        for reason, count in sorted(skipped.items()):
            self.stdout.write(f"  skipped {count}: {reason}")
