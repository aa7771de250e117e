"""The basket reminder as an Oscar communication event type (editable in the dashboard)."""

from django.db import migrations


def create(apps, schema_editor):
    apps.get_model("communication", "CommunicationEventType").objects.get_or_create(
        code="BASKET_REMINDER",
        defaults={"name": "Basket reminder", "category": "User related"})


def remove(apps, schema_editor):
    apps.get_model("communication", "CommunicationEventType").objects.filter(
        code="BASKET_REMINDER").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("funnel", "0003_basket_reminders"),
        ("communication", "0004_auto_20200801_0817"),
    ]

    operations = [migrations.RunPython(create, remove)]
