"""The review-request mail as an Oscar communication event type, so staff can
edit its subject and bodies in the dashboard (Content > Emails)."""

from django.db import migrations


def create_event_type(apps, schema_editor):
    EventType = apps.get_model("communication", "CommunicationEventType")
    EventType.objects.get_or_create(
        code="REVIEW_REQUEST",
        defaults={"name": "Review request", "category": "Order related"},
    )


def remove_event_type(apps, schema_editor):
    apps.get_model("communication", "CommunicationEventType").objects.filter(
        code="REVIEW_REQUEST").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0006_social_proof"),
        ("communication", "0004_auto_20200801_0817"),
    ]

    operations = [migrations.RunPython(create_event_type, remove_event_type)]
