"""Collect a request's funnel events and write them once the response is ready.

The middleware opens a ``Tracker`` per request and makes it current (a context
variable, so signal receivers without a request reach it); receivers add
events; the middleware writes them in one statement after the view's
transaction has committed (``write``). Every error is logged and swallowed:
tracking never breaks a page or a checkout.
"""

import contextvars
import logging
import uuid

from django.db import connections, router, transaction
from django.db.models.constants import OnConflict
from django.utils import timezone

from .models import Event

logger = logging.getLogger(__name__)
_current = contextvars.ContextVar("funnel_tracker", default=None)

EVENT_NAMESPACE = uuid.UUID("7d4f6b2e-1f7a-4bde-9a55-5b0f2f3c9e61")


def event_id(*parts):
    """A stable id for an event that may be recorded twice (replays are no-ops)."""
    return uuid.uuid5(EVENT_NAMESPACE, ":".join(str(p) for p in parts))


class Tracker:
    def __init__(self, visitor_id=None, session=None, user=None, private=False):
        self.visitor_id = None if private else visitor_id
        self.session = session or {}
        self.user = None if private else user
        self.private = private
        self.events = []
        self.stitch_to = None

    def record(self, type, **fields):
        user = fields.pop("user", None) or self.user
        # The landing's channel and campaign, unless the event names its own (a mail's).
        attribution = {name: fields.pop(name, None) or self.session.get(name, "")
                       for name in ("channel", "source", "medium", "campaign")}
        self.events.append(Event(
            id=fields.pop("id", None) or uuid.uuid4(),
            type=type, occurred_at=fields.pop("occurred_at", None) or timezone.now(),
            visitor_id=self.visitor_id,
            session_id=None if self.private else self.session.get("id"),
            new_visitor=bool(self.session.get("new_visitor")),
            user=None if self.private else user,
            **attribution, **fields,
        ))

    def stitch(self, user):
        """Credit this visitor's anonymous events to ``user`` (login, sign-up, order)."""
        if not self.private and user is not None and user.is_authenticated:
            self.user = user
            self.stitch_to = user
            for event in self.events:
                event.user = event.user or user

    def flush(self):
        events, self.events = self.events, []
        write(events)
        if self.stitch_to is not None and self.visitor_id is not None:
            try:
                with transaction.atomic():
                    Event.objects.filter(visitor_id=self.visitor_id, user__isnull=True).update(
                        user=self.stitch_to)
            except Exception:
                logger.exception("Could not credit visitor events to user %s", self.stitch_to.pk)


class Untracked(Tracker):
    """A request that must leave no trace (a crawler, an admin page): drops events."""

    def record(self, type, **fields):
        pass

    def stitch(self, user):
        pass


def write(events):
    """Insert events; an id already stored is skipped. Never raises.

    Outside a transaction (the middleware writes after the view's has ended) the
    events go in one ``INSERT``, atomic by itself: no ``BEGIN``/``COMMIT`` round
    trips on every page, which ``bulk_create`` would add. Inside one, or too
    many for one statement, they go through ``bulk_create`` in a savepoint, so a
    failure cannot break the caller's transaction.
    """
    if not events:
        return 0
    try:
        connection = connections[router.db_for_write(Event)]
        fields = Event._meta.concrete_fields
        if (connection.get_autocommit() and connection.features.supports_ignore_conflicts
                and len(events) <= connection.ops.bulk_batch_size(fields, events)):
            Event.objects._insert(events, fields, on_conflict=OnConflict.IGNORE,
                                  using=connection.alias)
        else:
            with transaction.atomic(using=connection.alias):
                Event.objects.bulk_create(events, ignore_conflicts=True)
        return len(events)
    except Exception:
        logger.exception("Could not record %d funnel event(s)", len(events))
        return 0


def current():
    return _current.get()


def activate(tracker):
    return _current.set(tracker)


def deactivate(token):
    _current.reset(token)


def record(type, **fields):
    """Record on the current request's tracker, or at once when there is none
    (a command, a task, a test placing an order)."""
    tracker = current()
    if tracker is not None:
        tracker.record(type, **fields)
    else:
        standalone = Tracker()
        standalone.record(type, **fields)
        standalone.flush()
