"""Newsletters in the Wagtail admin: issues (composed with the guides' blocks,
previewed as the mail, listed with sending status, opens, clicks and revenue) and
the subscriber list (status, dates, counts, CSV export)."""

from django.db.models import CharField, Count, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import path, reverse
from django.utils.formats import number_format
from django_filters import ChoiceFilter
from oscar.templatetags.currency_filters import currency
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from funnel.models import DailyRollup, EventType, RollupState
from funnel.rollups import ATTRIBUTED
from funnel.spreadsheet import safe_cell
from shop.mail.models import Delivery

from . import admin_views
from .models import KIND, NewsletterIssue, Subscriber

STATES = {  # the filter's choices, each shown with its count
    "subscribed": ("Subscribed", Q(confirmed_at__isnull=False, unsubscribed_at__isnull=True)),
    "waiting": ("Waiting for confirmation", Q(confirmed_at__isnull=True)),
    "unsubscribed": ("Unsubscribed", Q(unsubscribed_at__isnull=False)),
}


def _rate(part, whole):
    return f"{100 * part / whole:.1f}%" if whole else "—"


class IssueIndexView(SnippetIndexView):
    def get_context_data(self, **kwargs):
        state = RollupState.objects.filter(pk=1).first()
        return {**super().get_context_data(**kwargs),
                "rolled_up_at": state.built_until if state else None}


class NewsletterIssueViewSet(SnippetViewSet):
    model = NewsletterIssue
    index_view_class = IssueIndexView
    index_template_name = "newsletter/admin/issue_index.html"
    icon = "mail"
    menu_label = "Issues"
    list_display = [
        "subject", Column("status", label="Status"), "sent_at",
        Column("recipients", label="Sent to"), Column("opened", label="Opened"),
        Column("open_rate", label="Open rate",
               accessor=lambda issue: _rate(issue.opened, issue.recipients)),
        Column("clicked", label="Clicked"),
        Column("click_rate", label="Click rate",
               accessor=lambda issue: _rate(issue.clicked, issue.recipients)),
        Column("orders", label="Orders"),
        Column("revenue", label="Revenue", accessor=lambda issue: currency(issue.revenue)),
        "date_created"]
    search_fields = ["subject"]
    panels = [FieldPanel("subject"), FieldPanel("preheader"), FieldPanel("body")]

    def get_queryset(self, request):
        """Each issue with its figures in subqueries (not queries per row): deliveries
        sent, and unique opens, clicks and the orders credited to it from the funnel's
        rollups (as of the last ``build_funnel_rollups``; the Funnel report is live)."""
        campaign = Concat(Value("newsletter-"), Cast(OuterRef("pk"), CharField()))

        def rolled_up(kind, field="events"):
            output = DailyRollup._meta.get_field(field)
            return Coalesce(Subquery(
                DailyRollup.objects.filter(campaign=campaign, type=kind, product_id=0,
                                           page_id=0).values("campaign")
                .annotate(n=Sum(field)).values("n")[:1], output_field=output), Value(0),
                output_field=output)

        sent = (Delivery.objects.filter(kind=KIND, mail_id=OuterRef("pk"),
                                        status=Delivery.SENT)
                .values("mail_id").annotate(n=Count("pk")).values("n")[:1])
        return NewsletterIssue.objects.annotate(
            recipients=Coalesce(Subquery(sent), 0),
            opened=rolled_up(EventType.EMAIL_OPENED),
            clicked=rolled_up(EventType.EMAIL_CLICKED),
            orders=rolled_up(ATTRIBUTED["email"]),
            revenue=rolled_up(ATTRIBUTED["email"], "value"))


class ConsentPolicy(ModelPermissionPolicy):
    """Nobody adds a subscriber by hand: consent is the address owner's click. Reading,
    exporting and deleting (an erasure request) stay with the model's permissions."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class SubscriberFilterSet(WagtailFilterSet):
    status = ChoiceFilter(label="Status", method="by_status", empty_label="All")

    class Meta:
        model = Subscriber
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        counts = Subscriber.objects.aggregate(**{
            name: Count("pk", filter=condition) for name, (_, condition) in STATES.items()})
        self.filters["status"].extra["choices"] = [
            (name, f"{label} ({number_format(counts[name], 0, force_grouping=True)})")
            for name, (label, _) in STATES.items()]

    def by_status(self, queryset, name, value):
        return queryset.filter(STATES[value][1]) if value in STATES else queryset


class SubscriberIndexView(SnippetIndexView):
    # Addresses come from a public form: none may become a spreadsheet formula.
    custom_field_preprocess = {"email": {"csv": safe_cell, "xlsx": safe_cell}}


class SubscriberViewSet(SnippetViewSet):
    """Who is on the list: an address and its consent dates, nothing else. Operators
    read and export it; consent only comes from the address's owner (double opt-in)."""

    model = Subscriber
    index_view_class = SubscriberIndexView
    icon = "group"
    menu_label = "Subscribers"
    list_display = ["email", Column("state", label="Status"), "requested_at",
                    "confirmed_at", "unsubscribed_at"]
    list_export = ["email", "state", "requested_at", "confirmed_at", "unsubscribed_at"]
    export_headings = {"state": "Status"}
    export_filename = "newsletter-subscribers"
    filterset_class = SubscriberFilterSet
    search_fields = ["email"]
    ordering = ["-requested_at"]
    panels = [FieldPanel("email", read_only=True), FieldPanel("requested_at", read_only=True),
              FieldPanel("confirmed_at", read_only=True),
              FieldPanel("unsubscribed_at", read_only=True)]


register_permission_policy(Subscriber, ConsentPolicy(Subscriber))


class NewsletterGroup(SnippetViewSetGroup):
    items = (NewsletterIssueViewSet, SubscriberViewSet)
    menu_icon = "mail"
    menu_label = "Newsletter"
    menu_name = "newsletter"
    menu_order = 250


register_snippet(NewsletterGroup)


@hooks.register("register_admin_urls")
def register_send_url():
    return [path("newsletter/<int:pk>/send/", admin_views.send_issue, name="newsletter_send")]


@hooks.register("register_snippet_listing_buttons")
def send_button(snippet, user, next_url=None):
    if isinstance(snippet, NewsletterIssue) and snippet.sent_at is None and \
            user.has_perm("newsletter.change_newsletterissue"):
        yield Button("Send…", reverse("newsletter_send", args=[snippet.pk]), icon_name="mail",
                     priority=5)
