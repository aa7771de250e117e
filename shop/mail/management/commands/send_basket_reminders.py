from django.core.management.base import BaseCommand

from shop.mail.automated import BasketReminders


class Command(BaseCommand):
    help = ("Mail known customers one reminder about a basket they left "
            "(MAIL_REMINDER_AFTER_HOURS untouched). Run it hourly; never mails twice.")

    def handle(self, **options):
        outcome = BasketReminders.send()
        self.stdout.write(self.style.SUCCESS(f"Basket reminders: {outcome.summary()}."))
        for error in outcome.errors[:10]:
            self.stderr.write(f"  failed (will retry): delivery {error}")
