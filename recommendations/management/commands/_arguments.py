"""Argument types shared by this app's commands (not a command: leading underscore)."""

from datetime import date

from django.core.management.base import CommandError


def iso_date(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (expected YYYY-MM-DD)") from None
