"""Send an issue from the Wagtail admin: a confirmation page, then the task."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from shop.mail.models import Delivery

from .models import NewsletterIssue, Subscriber
from .tasks import send_newsletter


# Outside any transaction: the task is queued (or, with the immediate backend of the
# demo, runs) in autocommit, so each mail's claim and event is stored as it goes and a
# send cut short resumes where it stopped.
@transaction.non_atomic_requests
def send_issue(request, pk):
    if not request.user.has_perm("newsletter.change_newsletterissue"):
        raise PermissionDenied
    issue = get_object_or_404(NewsletterIssue, pk=pk)
    listing = "wagtailsnippets_newsletter_newsletterissue:list"
    if request.method == "POST":
        result = send_newsletter.enqueue(issue.pk)
        if result.is_finished:  # the immediate backend ran it already
            figures = result.return_value
            failed = f", {figures['failed']} failed (run it again)" if figures["failed"] else ""
            messages.success(request, f"“{issue}” sent to {figures['sent']} subscribers{failed}.")
        else:
            messages.success(request, f"“{issue}” is queued: the task worker sends it in "
                                       "the background (“Sent to” counts the copies so far).")
        return redirect(listing)
    return TemplateResponse(request, "newsletter/admin/send.html", {
        "issue": issue, "recipients": Subscriber.objects.confirmed().count(),
        "sent": issue.deliveries().filter(status=Delivery.SENT).count(),
        "listing": listing})
