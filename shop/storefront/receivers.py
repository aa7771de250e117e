"""Keep the cached category menu in step with the categories."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from . import navigation

Category = get_model("catalogue", "Category")


@receiver(post_save, sender=Category, dispatch_uid="storefront.forget_menu")
@receiver(post_delete, sender=Category, dispatch_uid="storefront.forget_menu_delete")
def forget_menu(sender, **kwargs):
    """A category saved (created, renamed, moved, hidden) or deleted shows on the next page."""
    if not kwargs.get("raw"):
        navigation.forget()
