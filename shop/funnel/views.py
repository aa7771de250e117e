"""The open pixel and the click redirect of measured mail."""

import base64

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from . import mail, tracker
from .models import EventType

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def opened(request, token):
    data = mail.read_token(token)
    if data is None:
        raise Http404("Unknown mail")
    # One open per recipient and mail: image reloads are replays of the same event.
    tracker.record(EventType.EMAIL_OPENED, id=tracker.event_id("open", data["k"], data["m"],
                                                               data["r"]),
                   data={"mail": data["k"], "mail_id": data["m"]})
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response


def clicked(request, token):
    data = mail.read_token(token)
    if data is None or not str(data.get("t", "")).startswith("/") or data["t"].startswith("//"):
        raise Http404("Unknown link")
    tracker.record(EventType.EMAIL_CLICKED, data={"mail": data["k"], "mail_id": data["m"],
                                                  "target": data["t"][:200]})
    return HttpResponseRedirect(data["t"])


def reminder_unsubscribe(request, token):
    """Confirm with a button (mail scanners follow links), then stop the reminders."""
    email = mail.read_unsubscribe_token(token)
    if not email:
        raise Http404("Unknown link")
    done = request.method == "POST"
    if done:
        from .models import ReminderOptOut

        ReminderOptOut.objects.get_or_create(email=email.lower())
    return render(request, "funnel/unsubscribe.html", {"email": email, "done": done})
