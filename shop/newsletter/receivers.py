"""Deleting a subscriber (an erasure request) or an issue deletes its deliveries
too: the mail app keys them on the address, not on the subscriber row."""

from shop.mail.models import Delivery

from .models import KIND


def forget_subscriber(sender, instance, **kwargs):
    Delivery.objects.filter(kind=KIND, email=instance.email).delete()


def forget_issue(sender, instance, **kwargs):
    Delivery.objects.filter(kind=KIND, mail_id=instance.pk).delete()
