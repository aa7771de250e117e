"""System checks: every setting keeps its own id, whatever else is wrong."""

import pytest
from django.core.checks import INFO, run_checks

from recommendations.checks import check_settings, check_task_backend


def ids(messages):
    return sorted(m.id for m in messages if m.id.startswith("recommendations."))


def test_the_projects_settings_pass():
    assert check_settings(None) == []


@pytest.mark.parametrize("name, value, code", [
    ("MIN_SUPPORT", 0, "E001"),
    ("TOP_N", 0, "E002"),
    ("MAX_BASKET_ITEMS", 1, "E003"),
    ("PRODUCT_PAGE_ITEMS", 0, "E004"),
    ("BASKET_PAGE_ITEMS", "4", "E005"),
    ("FALLBACK_DAYS", 0, "E006"),
    ("BASKET_FILE_READER", "recommendations.nowhere.read", "E007"),
    ("BASKET_FILE_READER", "recommendations.conf.DEFAULTS", "E007"),  # not callable
    ("BASKET_FILE_READER", None, "E007"),
    ("EXTRA_SOURCES", [("guide_bundle",)], "E009"),
    ("EXTRA_SOURCES", [("guide_bundle", "A guide's bundle")], "E009"),  # no bound
    ("EXTRA_SOURCES", [("guide_bundle", "A guide's bundle", 0)], "E009"),
    ("EXTRA_SOURCES", "guide_bundle", "E009"),
])
def test_each_bad_setting_has_its_own_id(settings, name, value, code):
    setattr(settings, f"RECOMMENDATIONS_{name}", value)
    errors = check_settings(None)
    assert ids(errors) == [f"recommendations.{code}"]
    assert f"RECOMMENDATIONS_{name}" in errors[0].msg and errors[0].hint


def test_one_fault_never_renumbers_another(settings):
    settings.RECOMMENDATIONS_FALLBACK_DAYS = 0
    assert ids(check_settings(None)) == ["recommendations.E006"]
    settings.RECOMMENDATIONS_MIN_SUPPORT = 0
    assert ids(check_settings(None)) == ["recommendations.E001", "recommendations.E006"]


@pytest.mark.parametrize("tasks, shown", [
    ({"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}, True),
    ({"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}, False),
    (None, True),  # TASKS unset: django-tasks runs tasks immediately
])
def test_an_immediate_task_backend_gets_a_deploy_hint(settings, tasks, shown):
    if tasks is None:
        if hasattr(settings, "TASKS"):
            del settings.TASKS
    else:
        settings.TASKS = tasks
    messages = check_task_backend(None)
    assert ids(messages) == (["recommendations.I001"] if shown else [])
    if shown:
        assert messages[0].level == INFO and "queueing backend" in messages[0].hint
        assert ids(run_checks(include_deployment_checks=True)).count("recommendations.I001") == 1
        assert "recommendations.I001" not in ids(run_checks())  # only with --deploy
