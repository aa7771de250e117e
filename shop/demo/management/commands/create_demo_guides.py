from django.core.management.base import BaseCommand, CommandError

from shop.content.models import GuideIndexPage
from shop.demo.guides import create_guides


class Command(BaseCommand):
    help = ("Publish a guide per top category of the imported catalogue: its best "
            "sellers and what customers bought with them. Existing guides are kept.")

    def handle(self, *args, **options):
        index = GuideIndexPage.objects.first()
        if index is None:
            raise CommandError("No Guides index page: run migrate first.")
        created = create_guides(index)
        for title in created:
            self.stdout.write(f"  guide: {title}")
        self.stdout.write(f"{len(created)} guides published.")
