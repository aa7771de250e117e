"""System checks: each broken setting is named by its own fixed id."""

import pytest
from django.core import checks as django_checks

from reviews import checks


def ids(messages):
    return [message.id for message in messages]


def test_the_defaults_pass():
    assert checks.check_settings(None) == []


@pytest.mark.parametrize("overrides, expected", [
    ({"REVIEWS_PURCHASE_COUNT_MIN": 0}, "reviews.E001"),
    ({"REVIEWS_PURCHASE_COUNT_DAYS": 0}, "reviews.E002"),
    ({"REVIEWS_RATE_LIMIT_PER_HOUR": 0}, "reviews.E003"),
    ({"REVIEWS_TITLE_MAX_LENGTH": 300}, "reviews.E004"),
    ({"REVIEWS_BODY_MIN_LENGTH": 50, "REVIEWS_BODY_MAX_LENGTH": 50}, "reviews.E005"),
    ({"REVIEWS_BAYES_PRIOR_REVIEWS": -1}, "reviews.E006"),
    ({"REVIEWS_BAYES_PRIOR_MEAN": 0}, "reviews.E007"),
    ({"REVIEWS_WILSON_Z": 0}, "reviews.E008"),
    ({"REVIEWS_REQUEST_DELAY_DAYS": 60, "REVIEWS_REQUEST_MAX_AGE_DAYS": 30}, "reviews.E009"),
    ({"REVIEWS_REQUEST_STATUSES": ()}, "reviews.E010"),
    ({"REVIEWS_REVIEW_LINK_MAX_AGE_DAYS": 0}, "reviews.E011"),
    ({"REVIEWS_PURCHASE_COUNT_DAYS": "30"}, "reviews.E002"),  # a string from the environment
    ({"REVIEWS_RATE_LIMIT_PER_HOUR": True}, "reviews.E003"),
])
def test_each_broken_setting_has_its_own_id(settings, overrides, expected):
    for name, value in overrides.items():
        setattr(settings, name, value)
    errors = checks.check_settings(None)
    assert ids(errors) == [expected]
    assert all(f"{name}=" in errors[0].msg for name in overrides) and errors[0].hint


def test_ids_do_not_shift_when_several_settings_are_broken(settings):
    settings.REVIEWS_WILSON_Z = -1
    settings.REVIEWS_PURCHASE_COUNT_MIN = 0
    assert ids(checks.check_settings(None)) == ["reviews.E001", "reviews.E008"]


class TestBaseUrl:
    def test_unset_warns_with_a_hint(self, settings):
        settings.REVIEWS_BASE_URL = None
        warnings = checks.check_base_url(None)
        assert ids(warnings) == ["reviews.W001"]
        assert "https" in warnings[0].hint and "Site" in warnings[0].hint

    def test_plain_http_warns(self, settings):
        settings.REVIEWS_BASE_URL = "http://shop.example"
        assert ids(checks.check_base_url(None)) == ["reviews.W002"]

    def test_https_passes(self, settings):
        settings.REVIEWS_BASE_URL = "https://shop.example/"
        assert checks.check_base_url(None) == []

    def test_only_a_deploy_check(self, settings):
        settings.REVIEWS_BASE_URL = None
        assert "reviews.W001" not in ids(django_checks.run_checks())
        assert "reviews.W001" in ids(django_checks.run_checks(include_deployment_checks=True))
