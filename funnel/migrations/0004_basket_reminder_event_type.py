"""Once the basket reminder's communication event type; reminders are the
project's to send now, so it creates nothing (kept for the migration history)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("funnel", "0003_basket_reminders"),
        ("communication", "0004_auto_20200801_0817"),
    ]

    operations = []
