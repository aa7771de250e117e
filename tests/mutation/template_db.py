"""A pytest plugin for ``make mutation``: every test run starts from a copy of a
migrated SQLite file instead of migrating a new test database, with a search
index and media folder of its own.

mutmut runs the tests once per mutant, in processes forked from one that already
loaded the settings; migrating Oscar's and Wagtail's apps takes half a minute,
copying the file a few milliseconds. Two such processes running at once would
also share the settings' temporary search index and media folder, and one's
``empty_search_index`` would clear the other's: each gets fresh ones here.
Loaded with ``-p tests.mutation.template_db`` and ``MUTATION_DB_TEMPLATE`` naming
the file (``scripts/mutation.py`` makes it with ``migrate``).
"""

import os
import shutil
import tempfile

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker):
    from django.conf import settings
    from django.db import connections
    from django.test import override_settings
    from haystack import connections as search

    scratch = tempfile.mkdtemp(prefix="mutation-run-")
    copy = os.path.join(scratch, "test.sqlite3")
    shutil.copyfile(os.environ["MUTATION_DB_TEMPLATE"], copy)
    for alias, info in settings.HAYSTACK_CONNECTIONS.items():
        if "PATH" in info:
            info["PATH"] = tempfile.mkdtemp(prefix="search-", dir=scratch)
            search.reload(alias)
    media = override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="media-", dir=scratch))
    media.enable()
    with django_db_blocker.unblock():
        connection = connections["default"]
        connection.close()
        connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = copy
    yield
    media.disable()
    shutil.rmtree(scratch, ignore_errors=True)
