"""Basket reminders are sent by the project now (the funnel only measures mail): their
claim and opt-out tables go. A project that keeps them copies the rows first."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('funnel', '0006_page_id_without_wagtail'),
    ]

    operations = [
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
