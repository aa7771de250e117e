"""Development settings: SQLite by default, everything on one machine."""

from .base import *
