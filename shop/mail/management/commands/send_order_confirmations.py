from django.core.management.base import BaseCommand

from shop.mail.automated import OrderConfirmations


class Command(BaseCommand):
    help = ("Send order confirmations still pending (the mail server refused, or the "
            "worker's task was lost). Run it every few minutes; never mails twice.")

    def handle(self, **options):
        outcome = OrderConfirmations.send()
        self.stdout.write(self.style.SUCCESS(f"Order confirmations: {outcome.summary()}."))
        for error in outcome.errors[:10]:
            self.stderr.write(f"  failed (will retry): delivery {error}")
