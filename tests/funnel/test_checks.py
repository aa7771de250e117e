"""What the funnel plugin checks, defaults and wires on its own."""

import pytest
from django.apps import apps
from django.contrib.sites.models import Site

from funnel import checks, conf, mail

MIDDLEWARE = "funnel.middleware.FunnelMiddleware"


def ids(messages):
    return [message.id for message in messages]


def test_missing_or_misplaced_middleware_is_an_error(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != MIDDLEWARE]
    assert ids(checks.check_middleware(None)) == ["funnel.E001"]
    settings.MIDDLEWARE = [MIDDLEWARE, *settings.MIDDLEWARE]
    assert ids(checks.check_middleware(None)) == ["funnel.E002"]


@pytest.mark.parametrize("name, error_id", [
    ("SESSION_MINUTES", "funnel.E003"), ("RETENTION_DAYS", "funnel.E004"),
    ("ATTRIBUTION_DAYS", "funnel.E005"), ("ABANDONED_AFTER_HOURS", "funnel.E014"),
    ("MIN_PRODUCT_VIEWS", "funnel.E015"), ("MIN_PRODUCT_BASKETS", "funnel.E013")])
def test_each_setting_has_its_own_check_id(settings, name, error_id):
    assert checks.check_settings(None) == []
    setattr(settings, f"FUNNEL_{name}", 0)
    assert ids(checks.check_settings(None)) == [error_id]


@pytest.mark.parametrize("name, error_id", [("UNTRACKED_PATHS", "funnel.E009"),
                                            ("INTERNAL_HOSTS", "funnel.E010")])
def test_a_single_string_where_a_list_belongs_is_an_error(settings, name, error_id):
    setattr(settings, f"FUNNEL_{name}", "/dashboard/")
    assert ids(checks.check_settings(None)) == [error_id]


def test_a_true_is_not_a_number_of_minutes(settings):
    settings.FUNNEL_SESSION_MINUTES = True
    assert ids(checks.check_settings(None)) == ["funnel.E003"]


def test_missing_urls_are_an_error(settings):
    assert checks.check_urls(None) == []
    settings.ROOT_URLCONF = "tests.funnel.urls_without_funnel"
    assert ids(checks.check_urls(None)) == ["funnel.E011"]


def test_a_campaign_label_hook_that_cannot_be_imported_is_an_error(settings):
    settings.FUNNEL_CAMPAIGN_LABELS = "no.such.module.labels"
    assert ids(checks.check_settings(None)) == ["funnel.E008"]


def test_production_is_told_to_set_an_https_base_url(settings):
    settings.FUNNEL_BASE_URL = None
    assert ids(checks.check_base_url(None)) == ["funnel.W001"]
    settings.FUNNEL_BASE_URL = "http://shop.example"
    assert ids(checks.check_base_url(None)) == ["funnel.W002"]
    settings.FUNNEL_BASE_URL = "https://shop.example/"
    assert checks.check_base_url(None) == []
    assert mail.absolute("/basket/") == "https://shop.example/basket/"


@pytest.mark.django_db
def test_without_a_base_url_mail_links_use_the_sites_domain(settings):
    settings.FUNNEL_BASE_URL = None
    Site.objects.filter(pk=settings.SITE_ID).update(domain="gifts.example")
    Site.objects.clear_cache()
    assert conf.base_url() == "https://gifts.example"
    settings.DEBUG = True
    assert mail.absolute("/x/") == "http://gifts.example/x/"


def test_other_plugins_are_heard_only_when_installed():
    """The funnel connects to the recommendations and reviews signals in ready(),
    and only where those plugins are installed (importing a signals module is cheap)."""
    from recommendations.signals import suggestions_added_to_basket, suggestions_shown
    from reviews.signals import review_requested

    assert suggestions_shown.has_listeners() == apps.is_installed("recommendations")
    assert suggestions_added_to_basket.has_listeners() == apps.is_installed("recommendations")
    assert review_requested.has_listeners() == apps.is_installed("reviews")
