"""Newsletter issues as Wagtail snippets: composed with the guides' blocks,
previewed as the mail, listed with their sending status, opens and clicks (as of
the last ``build_funnel_rollups``)."""

from django.db.models import CharField, Count, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from funnel.models import DailyRollup, EventType
from shop.mail.models import Delivery

from . import admin_views
from .models import KIND, NewsletterIssue


class NewsletterIssueViewSet(SnippetViewSet):
    model = NewsletterIssue
    icon = "mail"
    menu_label = "Newsletters"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["subject", Column("status", label="Status"), "sent_at",
                    Column("recipients", label="Sent to"), Column("opened", label="Opened"),
                    Column("clicked", label="Clicked"), "date_created"]
    search_fields = ["subject"]
    panels = [FieldPanel("subject"), FieldPanel("preheader"), FieldPanel("body")]

    def get_queryset(self, request):
        """Each issue with its figures, in three subqueries (not three queries a row):
        deliveries sent, and unique opens and clicks from the funnel's rollups."""
        campaign = Concat(Value("newsletter-"), Cast(OuterRef("pk"), CharField()))

        def mail_events(kind):
            return Coalesce(Subquery(
                DailyRollup.objects.filter(campaign=campaign, type=kind, product_id=0,
                                           page_id=0).values("campaign")
                .annotate(n=Sum("events")).values("n")[:1]), 0)

        sent = (Delivery.objects.filter(kind=KIND, mail_id=OuterRef("pk"),
                                        status=Delivery.SENT)
                .values("mail_id").annotate(n=Count("pk")).values("n")[:1])
        return NewsletterIssue.objects.annotate(
            recipients=Coalesce(Subquery(sent), 0),
            opened=mail_events(EventType.EMAIL_OPENED),
            clicked=mail_events(EventType.EMAIL_CLICKED))


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
