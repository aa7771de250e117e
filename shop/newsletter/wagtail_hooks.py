"""Newsletter issues as Wagtail snippets: composed with the guides' blocks,
previewed as the mail, listed with their sending status."""

from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
