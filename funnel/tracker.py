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
        """Add an event: ``fields`` are ``Event``'s (``product=`` or ``product_id=``)."""
        user = fields.pop("user", None) or self.user
        # The landing's channel and campaign, unless the event names its own (a mail's).
        for name in ("channel", "source", "medium", "campaign"):
            fields[name] = fields.get(name) or self.session.get(name, "")
        fields.update(
            id=fields.get("id") or uuid.uuid4(), type=type,
            occurred_at=fields.get("occurred_at") or timezone.now(),
            visitor_id=self.visitor_id,
            session_id=None if self.private else self.session.get("id"),
            new_visitor=bool(self.session.get("new_visitor")),
            user=None if self.private else user,
        )
        self.events.append(fields)

    def stitch(self, user):
        """Credit this visitor's anonymous events to ``user`` (login, sign-up, order)."""
        if not self.private and user is not None and user.is_authenticated:
            self.user = user
            self.stitch_to = user
            for event in self.events:
                event["user"] = event["user"] or user

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
    """Insert events (``Tracker.record``'s rows); an id already stored is skipped.
    Never raises.

    Outside a transaction (the middleware writes after the view's has ended) the
    events go in one ``INSERT``, atomic by itself, built here from the model's
    fields: every page pays for it, and the ORM's ``bulk_create`` (model
    instances, a compiler, ``BEGIN``/``COMMIT``) cost several times the insert
    itself. Inside a transaction, they go through ``bulk_create`` in a
    savepoint, so a failure cannot break the caller's transaction.
    """
    if not events:
        return 0
    try:
        connection = connections[router.db_for_write(Event)]
        if connection.get_autocommit() and connection.features.supports_ignore_conflicts:
            with connection.cursor() as cursor:
                for start in range(0, len(events), INSERT_ROWS):
                    batch = events[start:start + INSERT_ROWS]
                    cursor.execute(_insert_sql(connection, len(batch)),
                                   [value for event in batch for value in _values(event,
                                                                                  connection)])
        else:
            with transaction.atomic(using=connection.alias):
                Event.objects.bulk_create([Event(**event) for event in events],
                                          ignore_conflicts=True)
        return len(events)
    except Exception:
        logger.exception("Could not record %d funnel event(s)", len(events))
        return 0


# Rows per INSERT: within every backend's limit on parameters (SQLite's old 999).
INSERT_ROWS = 50


def _insert_sql(connection, rows):
    """``INSERT`` of ``rows`` events that skips ids already stored, in the backend's SQL."""
    fields = Event._meta.concrete_fields
    ops = connection.ops
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return " ".join(part for part in (
        ops.insert_statement(on_conflict=OnConflict.IGNORE),
        ops.quote_name(Event._meta.db_table),
        "(" + ", ".join(ops.quote_name(f.column) for f in fields) + ")",
        "VALUES " + ", ".join([row] * rows),
        ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None),
    ) if part)


def _values(event, connection):
    """One row's database values, in ``Event``'s field order, as the ORM would save them."""
    values = []
    for field in Event._meta.concrete_fields:
        if field.attname in event:
            value = event[field.attname]
        elif field.name in event:  # a related object: its key
            related = event[field.name]
            value = None if related is None else related.pk
        else:
            value = field.get_default()
        # NULL stays NULL for every field (a JSON null would need Value(None, JSONField())).
        values.append(None if value is None else field.get_db_prep_save(value, connection))
    return values


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
