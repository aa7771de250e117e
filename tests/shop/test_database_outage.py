"""PostgreSQL stops while shoppers are adding to their baskets: they get a plain error
page with a 5xx, nothing is half-written, and the shop serves again once the database
is back, without restarting the application server.

A production shape of its own: a throwaway cluster, gunicorn with 2 workers on
production settings, shoppers in threads.
"""

import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time

import pytest
import requests

from scripts.postgres_cluster import Cluster, free_port
from tests.conftest import REPO

pytestmark = pytest.mark.postgres_pass
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ADD_FORM = re.compile(r'<form[^>]*id="add_to_basket_form"[^>]*action="([^"]+)"')
SETUP = """
from tests.factories import make_product
print(make_product("Storm Lantern", "12.00", stock=10_000).get_absolute_url())
"""
CONSISTENCY = """
from oscar.core.loading import get_model
Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")
print(Basket.objects.filter(lines__isnull=True).count(), Basket.objects.count(),
      Line.objects.count(), sum(Line.objects.values_list("quantity", flat=True)))
"""


@pytest.fixture
def production_shape(tmp_path):
    # Not under tmp_path: as root the server runs as "postgres", who cannot enter it.
    # Durable: the test crashes it, and what it acknowledged must survive.
    cluster = Cluster(tempfile.mkdtemp(prefix="shop-outage-"), throwaway=True, durable=True)
    server = None
    try:
        cluster.start()
        port = free_port()
        env = {key: value for key, value in os.environ.items()
               if key not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
        env.update(DJANGO_SETTINGS_MODULE="shop.settings.production",
                   DATABASE_URL=cluster.url, SECRET_KEY=secrets.token_urlsafe(60),
                   ALLOWED_HOSTS="127.0.0.1", SHOP_BASE_URL=f"http://127.0.0.1:{port}",
                   WHOOSH_INDEX=str(tmp_path / "index"), TASKS_BACKEND="immediate",
                   EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")

        def manage(*args):
            return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env,
                                  check=True, capture_output=True, text=True,
                                  timeout=600).stdout

        manage("migrate", "--noinput")
        manage("collectstatic", "--noinput", "-v", "0")
        product_url = manage("shell", "-c", SETUP).strip().splitlines()[-1]
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "shop.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--timeout", "60", "--control-socket",
             str(tmp_path / "gunicorn.ctl"), "--error-logfile", str(tmp_path / "gunicorn.log")],
            cwd=REPO, env=env)
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                requests.get(base + product_url, timeout=10)
                break
            except requests.ConnectionError:
                time.sleep(0.5)
        yield {"base": base, "product": product_url, "cluster": cluster, "manage": manage}
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        cluster.stop()


def shopper(base, product_url, stop, outcomes):
    """Look at the product, add it to the basket; again and again."""
    session = requests.Session()
    session.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"
    while not stop.is_set():
        try:
            page = session.get(base + product_url, timeout=30)
            form, token = ADD_FORM.search(page.text), CSRF.search(page.text)
            outcomes.append(("view", page.status_code, page.text))
            if page.status_code != 200 or not (form and token):
                continue
            added = session.post(base + form.group(1), timeout=30, allow_redirects=False,
                                 data={"csrfmiddlewaretoken": token.group(1), "quantity": 1},
                                 headers={"Referer": base + product_url})
            outcomes.append(("add", added.status_code, added.text))
        except requests.RequestException as error:  # the server itself must never go away
            outcomes.append(("error", 0, repr(error)))


def test_the_shop_survives_its_database_going_away(production_shape):
    shape = production_shape
    outcomes, stop = [], threading.Event()
    threads = [threading.Thread(target=shopper, args=(shape["base"], shape["product"], stop,
                                                      outcomes)) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(5)
        before = len(outcomes)
        shape["cluster"].stop_server("immediate")  # as a crash: no goodbye to clients
        time.sleep(5)
        during = len(outcomes)
        shape["cluster"].start()
        time.sleep(8)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

    served_before = outcomes[:before]
    in_outage = outcomes[before:during]
    after_restart = outcomes[-20:]
    assert served_before and all(status in (200, 302) for _, status, _ in served_before)
    # The outage: 5xx answers with the plain error page, never a dropped connection.
    # Each shopper may still finish the one request it had in flight when the server
    # stopped (a loaded machine answered up to 4 of them after the stop began).
    assert in_outage and all(status >= 500 for _, status, _ in in_outage[len(threads):])
    assert not [o for o in outcomes if o[0] == "error"]
    failed_page = next(text for _, status, text in in_outage if status >= 500)
    assert "Sorry, the shop could not show this page" in failed_page
    assert "Traceback" not in failed_page
    # Back again without restarting gunicorn.
    assert all(status in (200, 302) for _, status, _ in after_restart), after_restart[-1][:2]

    empty, baskets, lines, quantity = map(
        int, shape["manage"]("shell", "-c", CONSISTENCY).split()[-4:])
    added = sum(1 for kind, status, _ in outcomes if kind == "add" and status == 302)
    assert empty == 0 and baskets >= 1
    # Every add the shop answered "done" to is in a basket; none it refused is.
    assert quantity == added
