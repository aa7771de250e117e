"""Wagtail page types: the guides that lead shoppers to products."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import ProductStreamBlock, featured_product_ids
from .shelf import Shelf


class GuideIndexPage(Page):
    """The "Guides" listing: the site root of the content tree (/content/)."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["content.GuidePage"]
    max_count = 1

    def guides(self):
        return (GuidePage.objects.child_of(self).live().public()
                .prefetch_related("tags").order_by("-first_published_at"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guides = self.guides()
        tag = request.GET.get("tag", "").strip()
        if tag:
            guides = guides.filter(tags__slug=tag)
            context["tag"] = Tag.objects.filter(slug=tag).first()
        context["guides"] = guides
        context["tags"] = (Tag.objects.filter(
            content_guidepagetag_items__content_object__in=self.guides().values("pk"))
            .distinct().order_by("name"))
        return context


class GuidePageTag(TaggedItemBase):
    content_object = ParentalKey("content.GuidePage", on_delete=models.CASCADE,
                                 related_name="tagged_items")


class GuidePage(Page):
    """An article that teaches something and leads to products."""

    intro = RichTextField(blank=True, max_length=1000)
    body = StreamField(ProductStreamBlock(), blank=True)
    tags = ClusterTaggableManager(through=GuidePageTag, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    promote_panels = Page.promote_panels + [FieldPanel("tags")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["content.GuideIndexPage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["shelf"] = Shelf.for_stream(self.body, request)
        return context

    def featured_product_ids(self):
        """Products this guide names itself (a grid's best sellers change, so not those)."""
        return featured_product_ids(self.body)


class GuideProduct(models.Model):
    """A product a live guide features: the product page links back to the guide.

    Rebuilt from the guide's body whenever it is published, emptied when it is
    unpublished; a deleted guide or product takes its rows with it.
    """

    page = models.ForeignKey(GuidePage, on_delete=models.CASCADE, related_name="featured")
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE,
                                related_name="featured_in_guides")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "product"],
                                               name="content_guide_product_unique")]
        verbose_name = _("product featured in a guide")

    def __str__(self):
        return f"{self.product_id} in {self.page_id}"


