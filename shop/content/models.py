"""Wagtail page types: the guides that lead shoppers to products."""

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page


class GuideIndexPage(Page):
    """The "Guides" listing: the site root of the content tree (/content/)."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["content.GuidePage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = (
            GuidePage.objects.child_of(self).live().public().order_by("-first_published_at")
        )
        return context


class GuidePage(Page):
    """An article that teaches something and leads to products."""

    intro = RichTextField(blank=True, max_length=1000)
    body = StreamField([("paragraph", blocks.RichTextBlock())], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["content.GuideIndexPage"]
    subpage_types = []
