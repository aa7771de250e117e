"""Identify the visitor and session, classify the channel, record page-level
steps, and write the request's events after the response."""

import functools
import logging
import time
import uuid

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.core import signing
from django.urls import NoReverseMatch, get_urlconf, reverse

from . import conf, tracker
from .channels import classify, clean
from .models import EventType

logger = logging.getLogger(__name__)
_crawlers = CrawlerDetect()

# Views whose successful (or skipping) GET is itself a funnel step.
STEP_VIEWS = {
    "catalogue:index": EventType.LIST_VIEW,
    "catalogue:category": EventType.LIST_VIEW,
    "catalogue:reviews-list": EventType.REVIEWS_READ,
    "checkout:shipping-address": EventType.SHIPPING_ADDRESS,
    "checkout:shipping-method": EventType.SHIPPING_METHOD,
    "checkout:payment-method": EventType.PAYMENT_METHOD,
    "checkout:preview": EventType.PREVIEW,
}
SESSION_SALT = "funnel.session"
SESSION_RENEWAL_SECONDS = 60
VISITOR_SALT = "funnel.visitor"


STAFF_URL_NAMES = ("dashboard:index", "admin:index", "wagtailadmin_home")


def untracked_paths():
    """Not visits: staff pages (Oscar's dashboard, Django's and Wagtail's admin, where
    they are mounted, and ``UNTRACKED_PATHS``), static and media files, and the mail
    open pixel (fetched by mail clients, not by shoppers). Worked out once per URL
    configuration and settings, not on every request."""
    return _untracked_paths(get_urlconf() or settings.ROOT_URLCONF,
                            tuple(conf.get("UNTRACKED_PATHS")), settings.STATIC_URL,
                            settings.MEDIA_URL)


@functools.lru_cache(maxsize=16)
def _untracked_paths(urlconf, configured, static_url, media_url):
    found = [reverse("funnel-open", args=["x"], urlconf=urlconf).rsplit("x", 1)[0],
             *configured]
    for name in STAFF_URL_NAMES:
        try:
            found.append(reverse(name, urlconf=urlconf))
        except NoReverseMatch:
            pass
    found += [url for url in (static_url, media_url) if url and url.startswith("/")]
    return tuple(path for path in found if path != "/")


def wants_privacy(request):
    """Global Privacy Control or Do-Not-Track: no identifiers at all."""
    return request.headers.get("Sec-GPC") == "1" or request.headers.get("DNT") == "1"


def is_bot(request):
    agent = request.headers.get("User-Agent", "")
    return bool(agent) and _crawlers.isCrawler(agent)


class FunnelMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            active = self._start(request)
        except Exception:
            logger.exception("Funnel tracking could not start")
            active = None
        if active is None:  # nothing a receiver adds may be written either
            token = tracker.activate(tracker.Untracked(private=True))
            try:
                return self.get_response(request)
            finally:
                tracker.deactivate(token)
        token = tracker.activate(active)
        try:
            response = self.get_response(request)
        finally:
            tracker.deactivate(token)
        try:
            self._finish(request, response, active)
        except Exception:
            logger.exception("Funnel tracking could not finish")
        return response

    def _start(self, request):
        if is_bot(request) or request.path.startswith(untracked_paths()):
            return None
        private = wants_privacy(request)
        visitor = session = None
        if not private:
            # Signed: an id the client made up is a new visitor, not someone else's history.
            visitor = _uuid(request.get_signed_cookie(conf.get("VISITOR_COOKIE"), None,
                                                      salt=VISITOR_SALT))
            try:
                session = signing.loads(request.COOKIES.get(conf.get("SESSION_COOKIE"), ""),
                                        salt=SESSION_SALT,
                                        max_age=conf.get("SESSION_MINUTES") * 60)
            except (signing.BadSignature, ValueError):
                session = None
        request.funnel_new_visitor = visitor is None and not private
        campaign = tuple(clean(request.GET.get(f"utm_{name}", ""))
                         for name in ("source", "medium", "campaign"))
        new_campaign = any(campaign) and isinstance(session, dict) and campaign != (
            session.get("source"), session.get("medium"), session.get("campaign", ""))
        # As GA4 does: a new campaign starts a new visit.
        new_session = new_campaign or not isinstance(session, dict) or "id" not in session
        # The visitor cookie (a year) is renewed once a visit, the session's (30 minutes)
        # at most once a minute: not two signatures and cookies on every page.
        request.funnel_renew_visitor = new_session or visitor is None
        request.funnel_renew_session = new_session or (
            time.time() - session.get("renewed", 0) >= SESSION_RENEWAL_SECONDS)
        if new_session:
            channel, source, medium = classify(
                request.GET.get("utm_source", ""), request.GET.get("utm_medium", ""),
                request.headers.get("Referer", ""),
                own_hosts={request.get_host().split(":")[0], *conf.get("INTERNAL_HOSTS")})
            session = {"id": str(uuid.uuid4()), "channel": channel, "source": source,
                       "medium": medium, "campaign": campaign[2],
                       "new_visitor": request.funnel_new_visitor}
        user = request.user if getattr(request, "user", None) and \
            request.user.is_authenticated else None
        request.funnel_visitor = visitor or (None if private else uuid.uuid4())
        return tracker.Tracker(visitor_id=request.funnel_visitor, session=session, user=user,
                               private=private)

    def _finish(self, request, response, active):
        match = getattr(request, "resolver_match", None)
        name = match.view_name if match else None
        if request.method == "GET" and name in STEP_VIEWS and response.status_code in (200, 302):
            basket = getattr(request, "basket", None)
            active.record(STEP_VIEWS[name], basket_id=getattr(basket, "id", None))
        active.flush()
        if active.private:
            return
        secure = request.is_secure()
        if request.funnel_renew_visitor:
            response.set_signed_cookie(conf.get("VISITOR_COOKIE"), str(request.funnel_visitor),
                                       salt=VISITOR_SALT, max_age=conf.get("VISITOR_COOKIE_AGE"),
                                       httponly=True, samesite="Lax", secure=secure)
        if not request.funnel_renew_session:
            return
        # Signed and timestamped: 30 minutes (give or take the minute between renewals)
        # without a request end the session.
        active.session["renewed"] = int(time.time())
        response.set_cookie(conf.get("SESSION_COOKIE"),
                            signing.dumps(active.session, salt=SESSION_SALT, compress=True),
                            max_age=conf.get("SESSION_MINUTES") * 60, httponly=True,
                            samesite="Lax", secure=secure)


def _uuid(value):
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None
