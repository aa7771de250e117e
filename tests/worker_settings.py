"""Settings of a real task worker started by a test (``tests.worker``): the test's
database, tasks queued in it, mail written slowly to files the test reads."""

import os

from shop.settings.test import *  # noqa: F403
from shop.settings.test import DATABASES

DATABASES["default"]["NAME"] = os.environ["WORKER_DATABASE_NAME"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "tests.worker.SlowFileBackend"
EMAIL_FILE_PATH = os.environ["WORKER_MAIL_DIR"]
