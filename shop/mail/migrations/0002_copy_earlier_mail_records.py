"""Carry over what the funnel and the newsletter recorded before this app sent
their mail: basket reminders sent and opted out of, and newsletter deliveries,
so nobody is mailed again or loses an unsubscribe."""

from django.db import migrations


def copy(apps, schema_editor):
    Delivery = apps.get_model("mail", "Delivery")
    OptOut = apps.get_model("mail", "OptOut")
    Reminder = apps.get_model("funnel", "BasketReminder")
    ReminderOptOut = apps.get_model("funnel", "ReminderOptOut")
    Newsletter = apps.get_model("newsletter", "Delivery")
    Delivery.objects.bulk_create([
        Delivery(kind="basket_reminder", mail_id=r.basket_id, email=r.email.lower(),
                 status="sent", attempts=1, date_created=r.date_sent, claimed_at=r.date_sent,
                 sent_at=r.date_sent) for r in Reminder.objects.iterator()],
        ignore_conflicts=True)
    OptOut.objects.bulk_create([OptOut(list="basket_reminders", email=o.email.lower())
                                for o in ReminderOptOut.objects.iterator()],
                               ignore_conflicts=True)
    Delivery.objects.bulk_create([
        Delivery(kind="newsletter", mail_id=d.issue_id, email=d.subscriber.email,
                 status=d.status, attempts=d.attempts, claimed_at=d.claimed_at,
                 sent_at=d.sent_at, error=d.error)
        for d in Newsletter.objects.select_related("subscriber").iterator()],
        ignore_conflicts=True)


def create_event_type(apps, schema_editor):
    apps.get_model("communication", "CommunicationEventType").objects.get_or_create(
        code="BASKET_REMINDER",
        defaults={"name": "Basket reminder", "category": "User related"})


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0001_initial"),
        ("funnel", "0006_page_id_without_wagtail"),
        ("newsletter", "0002_alter_newsletterissue_body"),
        ("communication", "0004_auto_20200801_0817"),
    ]
    run_before = [("funnel", "0007_mail_leaves_the_funnel"),
                  ("newsletter", "0003_delete_delivery")]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop),
                  migrations.RunPython(create_event_type, migrations.RunPython.noop)]
