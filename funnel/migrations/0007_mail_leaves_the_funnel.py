"""Basket reminders are sent by the project now (the funnel only measures mail): their
claim and opt-out tables go. A project that keeps them copies the rows first.

Reminders sent so far recorded their ``email_sent`` events with the reminder's id;
the report now reads a basket reminder's ``mail_id`` as the basket's, so those
events are rewritten while the reminder table still says which basket it was."""

from django.db import migrations


def name_the_basket(apps, schema_editor):
    Event = apps.get_model("funnel", "Event")
    baskets = dict(apps.get_model("funnel", "BasketReminder").objects.values_list(
        "pk", "basket_id"))
    for event in Event.objects.filter(type="email_sent", data__mail="basket_reminder"):
        reminder = str(event.data.get("mail_id", ""))
        if reminder.isdigit() and int(reminder) in baskets:
            event.data["mail_id"] = str(baskets[int(reminder)])
            Event.objects.filter(pk=event.pk).update(data=event.data)


class Migration(migrations.Migration):

    dependencies = [
        ('funnel', '0006_page_id_without_wagtail'),
    ]

    operations = [
        migrations.RunPython(name_the_basket, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='basketreminder',
            name='basket',
        ),
        migrations.RemoveField(
            model_name='basketreminder',
            name='recovered_order',
        ),
        migrations.DeleteModel(
            name='ReminderOptOut',
        ),
        migrations.DeleteModel(
            name='BasketReminder',
        ),
    ]
