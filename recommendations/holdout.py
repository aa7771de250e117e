"""An A/B holdout: a share of visitors get a control instead of mined suggestions.

Shop software rarely lets an operator ask whether its suggestions sell more than
no suggestions would. Each visitor who meets a suggestion block is assigned an
arm once, at random: ``HOLDOUT_SHARE`` of them the control (``HOLDOUT_CONTROL``:
the best sellers of the product's category, or no block at all), the rest the
mined suggestions. The arm is kept in a first-party cookie (``HoldoutMiddleware``
writes it) so it sticks, and goes with every ``suggestions_shown`` and
``suggestions_added_to_basket`` signal for the funnel to record. A visitor who
asks not to be tracked (Global Privacy Control, Do-Not-Track) gets no cookie and
the suggestions, and their visits are left out of the comparison (arm ``None``).
"""

import random
from dataclasses import dataclass

from . import conf

SUGGESTIONS, CONTROL = "suggestions", "control"
ARMS = (SUGGESTIONS, CONTROL)
# What the control arm is shown instead of mined suggestions.
BEST_SELLERS, NO_BLOCK = "best_sellers", "none"


@dataclass(frozen=True)
class Assignment:
    arm: str  # what this visit is shown
    recorded: str | None  # the arm recorded on its events; None: not in the comparison
    new: bool = False  # just drawn: the response sets the cookie


def wants_privacy(request):
    """Global Privacy Control or Do-Not-Track."""
    return request.headers.get("Sec-GPC") == "1" or request.headers.get("DNT") == "1"


def assign(request, draw=random.random):
    """This visitor's arm, drawn once per visitor and kept on the request."""
    found = getattr(request, "_suggestion_arm", None)
    if found is not None:
        return found
    if not _compared(request):
        found = Assignment(SUGGESTIONS, None)
    elif kept := _kept(request):
        found = Assignment(kept, kept)
    else:
        arm = CONTROL if draw() < conf.get("HOLDOUT_SHARE") else SUGGESTIONS
        found = Assignment(arm, arm, new=True)
    request._suggestion_arm = found
    return found


def recorded(request):
    """The arm to record on this visit's events without drawing one: its cookie's
    (or the one drawn earlier in the request); None when not compared."""
    found = getattr(request, "_suggestion_arm", None)
    if found is not None:
        return found.recorded
    return _kept(request) if _compared(request) else None


def _compared(request):
    """Whether this visit takes part: the holdout is on and nobody asked not to be tracked."""
    return bool(conf.get("HOLDOUT_SHARE")) and not wants_privacy(request)


def _kept(request):
    """The arm the visitor's cookie keeps, or None (none yet, or not one of ``ARMS``)."""
    kept = request.COOKIES.get(conf.get("HOLDOUT_COOKIE"))
    return kept if kept in ARMS else None


def control_shows_block():
    return conf.get("HOLDOUT_CONTROL") == BEST_SELLERS


class HoldoutMiddleware:
    """Sets the arm's cookie on the response of the visit that drew it, and removes it
    from a browser that has since asked not to be tracked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cookie = conf.get("HOLDOUT_COOKIE")
        if wants_privacy(request) and cookie in request.COOKIES:
            response.delete_cookie(cookie, samesite="Lax")  # drawn before they asked
            return response
        found = getattr(request, "_suggestion_arm", None)
        if found is not None and found.new:
            response.set_cookie(cookie, found.arm,
                                max_age=conf.get("HOLDOUT_COOKIE_AGE"), samesite="Lax",
                                secure=request.is_secure(), httponly=True)
        return response
