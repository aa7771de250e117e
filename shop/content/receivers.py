"""Keep the product pages' "Read: …" links in step with published guides."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from . import links
from .models import GuidePage, GuideProduct


def sync_featured(page):
    """Replace the guide's featured products with those its live body names."""
    ids = page.featured_product_ids() if page.live else []
    links.forget([*ids, *GuideProduct.objects.filter(page=page).values_list(
        "product_id", flat=True)])  # a new title shows on products still featured
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


@receiver(post_delete, sender=GuideProduct, dispatch_uid="content.forget_links_on_unfeature")
def on_unfeatured(sender, instance, **kwargs):
    """Unpublished, no longer named in the body, or the guide deleted (cascade)."""
    links.forget([instance.product_id])


@receiver(page_slug_changed, dispatch_uid="content.forget_links_on_slug")
@receiver(post_page_move, dispatch_uid="content.forget_links_on_move")
def on_url_changed(sender, instance, **kwargs):
    links.forget_page(instance)


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="content.forget_links_on_restrict")
@receiver(post_delete, sender=PageViewRestriction,
          dispatch_uid="content.forget_links_on_unrestrict")
def on_restriction(sender, instance, **kwargs):
    """Restricted guides are not linked; lifting the restriction links them again."""
    if not kwargs.get("raw"):
        links.forget_page(instance.page)
