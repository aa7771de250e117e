"""A pytest plugin for ``make mutation``: every test run starts from a copy of a
migrated SQLite file instead of migrating a new test database.

mutmut runs the tests once per mutant, in a forked process; migrating Oscar's and
Wagtail's apps takes half a minute, copying the file a few milliseconds. Loaded
with ``-p tests.mutation.template_db`` and ``MUTATION_DB_TEMPLATE`` naming the
file (``scripts/mutation.py`` makes it with ``migrate``).
"""

import os
import shutil
import tempfile

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker):
    from django.conf import settings
    from django.db import connections

    copy = os.path.join(tempfile.mkdtemp(prefix="mutation-db-"), "test.sqlite3")
    shutil.copyfile(os.environ["MUTATION_DB_TEMPLATE"], copy)
    with django_db_blocker.unblock():
        connection = connections["default"]
        connection.close()
        connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = copy
    yield
    shutil.rmtree(os.path.dirname(copy), ignore_errors=True)
