"""Production settings pass Django's deployment checklist; development needs nothing."""

import os
import subprocess
import sys

from tests.conftest import REPO

PRODUCTION_ENV = {
    "SECRET_KEY": "prod-" + "k3y" * 20,
    "ALLOWED_HOSTS": "shop.example.com",
    "DATABASE_URL": "sqlite:////tmp/shop-deploy-check.sqlite3",
    "SHOP_BASE_URL": "https://shop.example.com",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, env=None):
    # Set by e2e tests, and by the PostgreSQL run of the suite.
    skip = {"DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL",
            "TASKS_BACKEND"}
    base = {k: v for k, v in os.environ.items() if k not in skip}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO, env={**base, **(env or {})}, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_passes_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    "--settings", "shop.settings.production", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    # Not even a note: tasks are queued for the worker.
    output = result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in output


def test_with_tasks_run_in_the_request_check_deploy_notes_it():
    result = manage("check", "--deploy", "--settings", "shop.settings.production",
                    env={**PRODUCTION_ENV, "TASKS_BACKEND": "immediate"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "recommendations.I001" in result.stdout + result.stderr


def test_without_a_shared_cache_check_deploy_says_the_limits_are_per_process():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "REDIS_URL"}
    result = manage("check", "--deploy", "--settings", "shop.settings.production", env=env)
    assert "newsletter.W001" in result.stdout + result.stderr


def test_production_requires_an_https_base_url_for_mail_links():
    for value in ("", "http://shop.example.com"):
        result = manage("check", "--settings", "shop.settings.production",
                        env={**PRODUCTION_ENV, "SHOP_BASE_URL": value})
        assert result.returncode != 0
        assert "Set SHOP_BASE_URL" in result.stderr


def test_on_loopback_plain_http_runs_and_check_deploy_says_it_is_not_deployable():
    """make serve: the production shape on 127.0.0.1, no TLS, and no pretending."""
    result = manage("check", "--deploy", "--settings", "shop.settings.production",
                    env={**PRODUCTION_ENV, "SHOP_BASE_URL": "http://127.0.0.1:8000"})
    output = result.stdout + result.stderr
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in output


def test_production_refuses_to_start_without_a_real_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": "short"}
    result = manage("check", "--settings", "shop.settings.production", env=env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_serves_static_files_with_whitenoise():
    code = (
        "from django.conf import settings;"
        "print(settings.STORAGES['staticfiles']['BACKEND']);"
        "print('whitenoise.middleware.WhiteNoiseMiddleware' in settings.MIDDLEWARE)"
    )
    result = manage("shell", "-c", code, "--settings", "shop.settings.production",
                    env=PRODUCTION_ENV)
    assert result.stdout.split()[-2:] == [
        "whitenoise.storage.CompressedManifestStaticFilesStorage", "True"]


def test_database_url_switches_the_engine():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = manage("shell", "-c", code,
                    env={"DATABASE_URL": "postgres://shop:secret@127.0.0.1:5432/shop"})
    assert result.stdout.split()[-1] == "django.db.backends.postgresql"
    result = manage("shell", "-c", code)
    assert result.stdout.split()[-1] == "django.db.backends.sqlite3"
