"""Keep the product pages' "Read: …" links in step with published guides."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import GuidePage, GuideProduct


def sync_featured(page):
    """Replace the guide's featured products with those its live body names."""
    ids = page.featured_product_ids() if page.live else []
    with transaction.atomic():
        GuideProduct.objects.filter(page=page).exclude(product_id__in=ids).delete()
        GuideProduct.objects.bulk_create(
            [GuideProduct(page=page, product_id=pk) for pk in ids], ignore_conflicts=True)


@receiver(page_published, sender=GuidePage, dispatch_uid="content.guide_published")
def on_guide_published(sender, instance, **kwargs):
    sync_featured(instance)


@receiver(page_unpublished, sender=GuidePage, dispatch_uid="content.guide_unpublished")
def on_guide_unpublished(sender, instance, **kwargs):
    GuideProduct.objects.filter(page=instance).delete()
