from django.core.management.base import BaseCommand

from reviews.tasks import mail_question_digest


class Command(BaseCommand):
    help = ("Mail staff one digest of the shoppers' questions not mailed yet (those past "
            "REVIEWS_QUESTION_MAILS_PER_DAY, or whose mail failed). Run it daily.")

    def handle(self, **options):
        count = mail_question_digest()
        self.stdout.write(self.style.SUCCESS(f"Questions in the digest: {count}."))
