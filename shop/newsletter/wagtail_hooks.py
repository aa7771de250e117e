"""Newsletter issues as Wagtail snippets: composed with the guides' blocks,
previewed as the mail, listed with their sending status."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import NewsletterIssue


class NewsletterIssueViewSet(SnippetViewSet):
    model = NewsletterIssue
    icon = "mail"
    menu_label = "Newsletters"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["subject", Column("status", label="Status"), "sent_at", "date_created"]
    search_fields = ["subject"]


register_snippet(NewsletterIssueViewSet)


@hooks.register("register_admin_urls")
def register_send_url():
    return [path("newsletter/<int:pk>/send/", admin_views.send_issue, name="newsletter_send")]


@hooks.register("register_snippet_listing_buttons")
def send_button(snippet, user, next_url=None):
    if isinstance(snippet, NewsletterIssue) and snippet.sent_at is None and \
            user.has_perm("newsletter.change_newsletterissue"):
        yield Button("Send…", reverse("newsletter_send", args=[snippet.pk]), icon_name="mail",
                     priority=5)
