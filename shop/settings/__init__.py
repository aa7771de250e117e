"""Development settings: SQLite by default, everything on one machine."""

from .base import *  # noqa: F401,F403
