"""The open pixel and the click redirect of measured mail."""

import base64

from django.http import Http404, HttpResponse, HttpResponseRedirect

from . import mail, tracker
from .channels import EMAIL
from .middleware import wants_privacy
from .models import EventType

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def _mail_data(request, data, **extra):
    """The event's data. Under GPC/DNT the recipient's key is left out, so the event
    cannot be tied to the mail's recipient (it still counts once, by its id)."""
    fields = {"mail": data["k"], "mail_id": data["m"], **extra}
    if not wants_privacy(request):
        fields["r"] = data["r"]
    return fields


def opened(request, token):
    """The open pixel. A mail client (or its image proxy) fetching it is not a visit
    to the shop: the open is written on its own, without visitor or session."""
    data = mail.read_token(token)
    if data is None:
        raise Http404("Unknown mail")
    # One open per recipient and mail: image reloads are replays of the same event.
    standalone = tracker.Tracker()
    standalone.record(EventType.EMAIL_OPENED, campaign=data["c"], channel=EMAIL,
                      id=tracker.event_id("open", data["k"], data["m"], data["r"]),
                      data=_mail_data(request, data))
    standalone.flush()
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response


def clicked(request, token):
    data = mail.read_token(token)
    if data is None or not str(data.get("t", "")).startswith("/") or data["t"].startswith("//"):
        raise Http404("Unknown link")
    # The first click of each recipient counts (a click rate counts people); the
    # visit it starts is tracked like any other, as email traffic of the campaign.
    tracker.record(EventType.EMAIL_CLICKED, campaign=data["c"],
                   id=tracker.event_id("click", data["k"], data["m"], data["r"]),
                   data=_mail_data(request, data, target=data["t"][:200]))
    return HttpResponseRedirect(data["t"])

