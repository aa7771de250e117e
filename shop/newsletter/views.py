"""Subscribe (double opt-in), confirm, read an issue (unsubscribing is the mail app's)."""

import logging

from django.shortcuts import get_object_or_404, render
from django.views import View

from shop.content.shelf import Shelf

from . import limits, subscriptions
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
        if not limits.allow_client(request):
            form.add_error(None, "Too many sign-ups from your connection just now. "
                                 "Please try again in an hour.")
            return render(request, self.template_name, {"form": form}, status=429)
        if not form.is_bot:
            try:
                subscriptions.request_subscription(form.cleaned_data["email"],
                                                   may_mail=limits.allow_mail)
            except subscriptions.Busy:
                form.add_error(None, "We are sending a lot of confirmation mails just now. "
                                     "Please try again in an hour.")
                return render(request, self.template_name, {"form": form}, status=503)
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
        subscriber = subscriptions.read_confirm_token(token)
        if subscriber is None:
            return render(request, self.template_name, {"invalid": True}, status=404)
        return render(request, self.template_name, {"email": subscriber.email})

    def post(self, request, token):
        subscriber = subscriptions.read_confirm_token(token)
        if subscriber is not None:
            subscriber = subscriptions.confirm(subscriber)
        if subscriber is None:
            return render(request, self.template_name, {"invalid": True}, status=404)
        return render(request, self.template_name, {"email": subscriber.email,
                                                    "confirmed": True})


def issue(request, pk):
    """The web version of a sent issue (the mail's "view in your browser")."""
    found = get_object_or_404(NewsletterIssue, pk=pk, sent_at__isnull=False)
    return render(request, "newsletter/issue.html", {
        "issue": found, "shelf": Shelf.for_stream(found.body, request)})
