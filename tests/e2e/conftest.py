"""A real browser: Playwright driving Debian's chromium against a live server."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# the tests make around it are synchronous by design.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# As the machine's notes advise: no background traffic, no sandbox as root.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: 'make test' installs Debian's chromium as root"
        # A missing browser fails the run; only a developer who says so skips these
        # tests (never in CI, whatever the environment says).
        in_ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
        if os.environ.get("SKIP_BROWSER_TESTS") == "1" and not in_ci:
            pytest.skip(message)
        pytest.fail(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def third_party(url):
    """A request that would leave the machine: every script, style, font and image
    must come from the shop itself (a CDN learns every visitor's address)."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOOPBACK


@pytest.fixture
def page(browser, request):
    """A page whose requests to anywhere but this machine are blocked and recorded:
    each browser test fails if any page it visits asks for one."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    outside = []

    def block(route):
        outside.append(route.request.url)
        route.abort()

    context.route(third_party, block)
    page = context.new_page()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not outside, f"pages asked for third-party URLs: {sorted(set(outside))}"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
