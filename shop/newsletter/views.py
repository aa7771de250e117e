"""Subscribe (double opt-in), confirm, unsubscribe in one click, read an issue."""

import logging

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from shop.content.shelf import Shelf

from . import preferences, subscriptions
from .forms import SubscribeForm
from .models import NewsletterIssue

logger = logging.getLogger(__name__)


class SubscribeView(View):
    template_name = "newsletter/subscribe.html"

    def get(self, request):
        return render(request, self.template_name, {"form": SubscribeForm()})

    def post(self, request):
        form = SubscribeForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        if not form.is_bot:
            try:
                subscriptions.request_subscription(form.cleaned_data["email"])
            except Exception:
                logger.exception("Could not send a newsletter confirmation")
                form.add_error(None, "We could not send the confirmation mail just now. "
                                     "Please try again in a few minutes.")
                return render(request, self.template_name, {"form": form}, status=503)
        # The same answer for a new, waiting or subscribed address: nothing leaks.
        return render(request, self.template_name, {"requested": form.cleaned_data["email"]})


class ConfirmView(View):
    """The link's GET shows one button; the POST confirms. Mail scanners fetch links,
    so only a person's click may give consent."""

    template_name = "newsletter/confirm.html"

    def get(self, request, token):
        email = subscriptions.read_confirm_token(token)
        if not email:
            return render(request, self.template_name, {"invalid": True}, status=404)
        return render(request, self.template_name, {"email": email})

    def post(self, request, token):
        email = subscriptions.read_confirm_token(token)
        if not email:
            return render(request, self.template_name, {"invalid": True}, status=404)
        subscriber = subscriptions.confirm(email)
        if subscriber is None:
            return render(request, self.template_name, {"invalid": True}, status=404)
        return render(request, self.template_name, {"email": email, "confirmed": True})


@method_decorator(csrf_exempt, name="dispatch")  # mail apps POST here (RFC 8058)
class UnsubscribeView(View):
    """One click: following the link unsubscribes. The page offers an undo, since
    mail scanners follow links too; a mail app's one-click POST needs no page."""

    template_name = "newsletter/unsubscribe.html"

    def _read(self, token):
        found = preferences.read_unsubscribe_token(token)
        if found is None:
            raise Http404("Unknown link")
        return found

    def get(self, request, token):
        mail_list, email = self._read(token)
        mail_list.opt_out(email)
        return render(request, self.template_name, {"list": mail_list, "email": email})

    def post(self, request, token):
        mail_list, email = self._read(token)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            mail_list.opt_out(email)
            return HttpResponse("Unsubscribed.", content_type="text/plain")
        if request.POST.get("action") == "undo":
            mail_list.opt_in(email)
            return render(request, self.template_name, {"list": mail_list, "email": email,
                                                        "undone": True})
        mail_list.opt_out(email)
        return render(request, self.template_name, {"list": mail_list, "email": email})


def issue(request, pk):
    """The web version of a sent issue (the mail's "view in your browser")."""
    found = get_object_or_404(NewsletterIssue, pk=pk, sent_at__isnull=False)
    return render(request, "newsletter/issue.html", {
        "issue": found, "shelf": Shelf.for_stream(found.body, request)})
