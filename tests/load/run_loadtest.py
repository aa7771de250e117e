"""make loadtest: locust shoppers against the production shape, beside stock Oscar.

Runs inside ``scripts/postgres_cluster.py --dir var/serve/postgres`` (DATABASE_URL is
its ``shop`` database). Each shape gets gunicorn (2 sync workers) and the task worker
on loopback, on a fresh copy of the prepared demo data:

1. stock Oscar 4.2.1 on SQLite (when ``../shared/stock_shop`` and its venv exist),
   browse mix, USERS shoppers;
2. this shop on SQLite, browse mix, USERS shoppers;
3. this shop on PostgreSQL, browse mix, 2 × USERS shoppers;
4. this shop on PostgreSQL, guest checkouts, CHECKOUT_USERS shoppers; then orders
   placed (locust), orders in the database and ``order_placed`` events must agree,
   each order with its lines.

Prints requests/s, p50/p95 per page and failures per run. Environment: USERS [10],
DURATION [60] seconds, CHECKOUT_USERS [5], STOCK_SHOP [../shared/stock_shop],
STOCK_PY [/tmp/stock-shop-venv/bin/python], STOCK_DATA [/tmp/stock-shop-data].
"""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from scripts.postgres_cluster import free_port  # noqa: E402

VAR = REPO / "var" / "loadtest"
PY = REPO / ".venv" / "bin" / "python"
USERS = int(os.environ.get("USERS", "10"))
DURATION = int(os.environ.get("DURATION", "60"))
CHECKOUT_USERS = int(os.environ.get("CHECKOUT_USERS", "5"))
STOCK_SHOP = Path(os.environ.get("STOCK_SHOP", REPO.parent / "shared" / "stock_shop"))
STOCK_PY = Path(os.environ.get("STOCK_PY", "/tmp/stock-shop-venv/bin/python"))
STOCK_DATA = Path(os.environ.get("STOCK_DATA", "/tmp/stock-shop-data"))
PAGES = ["catalogue", "category", "product", "basket: add", "basket"]
CHECKOUT_PAGES = ["product", "basket: add", "basket", "checkout: gateway",
                  "checkout: guest email", "checkout: shipping address", "checkout: preview",
                  "checkout: place order", "checkout: back to basket (sold out)"]


def secret_key():
    path = REPO / "var" / "serve" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        from secrets import token_urlsafe
        path.write_text(token_urlsafe(64))
    return path.read_text().strip()


def shop_env(database_url, whoosh, port):
    """This shop's production settings on loopback."""
    return dict(os.environ, DJANGO_SETTINGS_MODULE="shop.settings.production",
                SECRET_KEY=secret_key(), DATABASE_URL=database_url, WHOOSH_INDEX=str(whoosh),
                SHOP_BASE_URL=f"http://127.0.0.1:{port}", ALLOWED_HOSTS="127.0.0.1",
                EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
                EMAIL_FILE_PATH=str(VAR / "mail"))


def copy_sqlite(source, target):
    """SQLite's backup API: a consistent copy, WAL and all."""
    target.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def copy_tree(source, target):
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)


class Server:
    """gunicorn (and, for this shop, the task worker) until ``stop``."""

    def __init__(self, name, port, env, cwd, python, worker=True, pythonpath=None):
        self.name, self.port, self.logs = name, port, VAR / "logs" / name
        self.logs.mkdir(parents=True, exist_ok=True)
        env = dict(env)
        if pythonpath:
            env["PYTHONPATH"] = pythonpath
        # Stock Oscar's project has no wsgi module: Django's own application for it.
        wsgi = ["shop.wsgi"] if worker else [
            "--pythonpath", str(cwd), "django.core.wsgi:get_wsgi_application()"]
        with open(self.logs / "server.log", "a") as log:  # Django's own error reports
            self.processes = [subprocess.Popen(
                [str(python), "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers",
                 "2", "--error-logfile", str(self.logs / "gunicorn.log"),
                 "--control-socket", str(self.logs / "gunicorn.ctl"), *wsgi],
                cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)]
        if worker:
            with open(self.logs / "worker.log", "a") as log:
                self.processes.append(subprocess.Popen(
                    [str(python), "manage.py", "db_worker", "--no-reload"], cwd=cwd, env=env,
                    stdout=log, stderr=subprocess.STDOUT))
        try:
            self.wait_until_up()
        except BaseException:
            self.stop()
            raise

    def wait_until_up(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/catalogue/", timeout=30)
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"{self.name} did not answer on port {self.port}")

    def stop(self):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=60)



def locust(name, port, user_class, users):
    summary = VAR / f"{name}.json"
    summary.unlink(missing_ok=True)  # never report an earlier run's figures
    subprocess.run(
        [str(REPO / ".venv" / "bin" / "locust"), "-f", str(REPO / "tests/load/locustfile.py"),
         "--headless", "-u", str(users), "-r", str(users), "-t", f"{DURATION}s",
         "--host", f"http://127.0.0.1:{port}", "--only-summary", "--loglevel", "WARNING",
         user_class], env=dict(os.environ, LOCUST_SUMMARY=str(summary)), check=False,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return json.loads(summary.read_text())


def manage(env, *args):
    return subprocess.run([str(PY), "manage.py", *args], cwd=REPO, env=env, check=True,
                          capture_output=True, text=True).stdout


def prepare(env):
    """Migrations and the demo data (scripts/serve.sh prepare: idempotent)."""
    print(f"Preparing {urlsplit(env['DATABASE_URL']).scheme} demo data "
          "(the first time takes several minutes)…", flush=True)
    subprocess.run(["scripts/serve.sh", "prepare"], cwd=REPO, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def postgres_copy(url, name):
    """A copy of the prepared database (a template copy: seconds, not minutes)."""
    admin = url.rsplit("/", 1)[0] + "/postgres"
    source = urlsplit(url).path.lstrip("/")
    for sql in (f'DROP DATABASE IF EXISTS "{name}"',
                f'CREATE DATABASE "{name}" TEMPLATE "{source}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True)
    return url.rsplit("/", 1)[0] + "/" + name


ORDER_FIGURES = """
import json
from oscar.core.loading import get_model
from funnel.models import Event, EventType
Order = get_model("order", "Order")
print(json.dumps({"orders": Order.objects.count(),
                  "without_lines": Order.objects.filter(lines__isnull=True).count(),
                  "events": Event.objects.filter(type=EventType.ORDER_PLACED).count()}))
"""


def order_figures(env):
    return json.loads(manage(env, "shell", "-c", ORDER_FIGURES).strip().splitlines()[-1])


def row(result, name):
    return next((r for r in result["rows"] if r["name"] == name), None)


def report(title, result, pages):
    total = row(result, "Aggregated")
    print(f"\n{title}: {total['rps']:.1f} requests/s, {total['requests']} requests, "
          f"{total['failures']} failed")
    print(f"  {'page':28} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} {'failed':>6}")
    for page in pages:
        found = row(result, page)
        if found:
            print(f"  {page:28} {found['requests']:>8} {found['p50']:>7.0f} "
                  f"{found['p95']:>7.0f} {found['failures']:>6}")
    for error in result["errors"][:5]:
        print(f"  error x{error['count']}: {error['name']}: {error['error'][:120]}")
    return total


def stock_oscar():
    """Stock Oscar on a copy of its SQLite data, with Whoosh as this shop uses, or None."""
    perf = STOCK_SHOP.parent / "perf"
    if not (STOCK_PY.exists() and (STOCK_DATA / "db.sqlite3").exists()
            and (perf / "stock_whoosh_settings.py").exists()):
        print(f"\nStock Oscar not found ({STOCK_SHOP}, {STOCK_PY}, {STOCK_DATA}): "
              "its column is left out.")
        return None
    data = VAR / "stock-data"
    data.mkdir(parents=True, exist_ok=True)
    copy_sqlite(STOCK_DATA / "db.sqlite3", data / "db.sqlite3")
    if (STOCK_DATA / "media").exists() and not (data / "media").exists():
        shutil.copytree(STOCK_DATA / "media", data / "media")
    # gunicorn and Whoosh from this venv, importable in stock's without installing there.
    site = Path(subprocess.run([str(PY), "-c", "import gunicorn, os; print(os.path.dirname("
                                "os.path.dirname(gunicorn.__file__)))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    lib = VAR / "stock-pylib"
    lib.mkdir(exist_ok=True)
    for name in ("gunicorn", "whoosh", "cached_property.py"):
        link = lib / name
        if (site / name).exists() and not link.is_symlink():
            link.symlink_to(site / name)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="stock_whoosh_settings",
               STOCK_SHOP_DATA=str(data), STOCK_SHOP_WHOOSH=str(VAR / "stock-whoosh"),
               STOCK_SHOP_DEBUG="0")
    pythonpath = f"{lib}:{perf}"
    if not (VAR / "stock-whoosh").exists():
        subprocess.run([str(STOCK_PY), "manage.py", "update_index", "-v", "0"], cwd=STOCK_SHOP,
                       env=dict(env, PYTHONPATH=pythonpath), check=True)
    return env, pythonpath


def main():
    # Stopped (Ctrl-C, SIGTERM): unwind, so servers and child commands stop too.
    signal.signal(signal.SIGTERM, lambda *args: sys.exit(143))
    VAR.mkdir(parents=True, exist_ok=True)
    (VAR / "mail").mkdir(exist_ok=True)
    shutil.rmtree(VAR / "logs", ignore_errors=True)
    pg_url = os.environ["DATABASE_URL"]
    port = free_port()
    sqlite_demo = VAR / "demo.sqlite3"
    pg_env = shop_env(pg_url, REPO / "var" / "serve" / "whoosh_index", port)
    sqlite_env = shop_env(f"sqlite:///{sqlite_demo}", VAR / "whoosh-sqlite-demo", port)
    prepare(pg_env)
    prepare(sqlite_env)
    print(f"\n# make loadtest: {USERS} shoppers (PostgreSQL: {2 * USERS}), {DURATION} s each, "
          f"gunicorn with 2 sync workers, {os.cpu_count()} cores")
    totals = {}

    stock = stock_oscar()
    if stock:
        env, pythonpath = stock
        server = Server("stock", port, env, STOCK_SHOP, STOCK_PY, worker=False,
                        pythonpath=pythonpath)
        try:
            totals["stock"] = report(f"Stock Oscar 4.2.1, SQLite, browse, {USERS} shoppers",
                                     locust("stock", port, "BrowseUser", USERS), PAGES)
        finally:
            server.stop()

    copy_sqlite(sqlite_demo, VAR / "run.sqlite3")
    copy_tree(VAR / "whoosh-sqlite-demo", VAR / "whoosh-sqlite-run")
    env = shop_env(f"sqlite:///{VAR / 'run.sqlite3'}", VAR / "whoosh-sqlite-run", port)
    server = Server("sqlite", port, env, REPO, PY)
    try:
        totals["sqlite"] = report(f"This shop, SQLite, browse, {USERS} shoppers",
                                  locust("sqlite", port, "BrowseUser", USERS), PAGES)
    finally:
        server.stop()

    copy_tree(REPO / "var" / "serve" / "whoosh_index", VAR / "whoosh-pg-run")
    env = shop_env(postgres_copy(pg_url, "loadtest"), VAR / "whoosh-pg-run", port)
    server = Server("postgresql", port, env, REPO, PY)
    try:
        totals["postgresql"] = report(
            f"This shop, PostgreSQL, browse, {2 * USERS} shoppers",
            locust("postgresql", port, "BrowseUser", 2 * USERS), PAGES)
        before = order_figures(env)
        checkout = locust("checkout", port, "CheckoutUser", CHECKOUT_USERS)
        totals["checkout"] = report(
            f"This shop, PostgreSQL, guest checkout, {CHECKOUT_USERS} shoppers",
            checkout, CHECKOUT_PAGES)
    finally:
        server.stop()
    after = order_figures(env)
    placed = row(checkout, "checkout: place order")
    placed = placed["requests"] - placed["failures"] if placed else 0
    orders, events = after["orders"] - before["orders"], after["events"] - before["events"]
    print(f"\nOrders: {placed} placed (locust) = {orders} in the database = {events} "
          f"order_placed events; {after['without_lines']} orders without lines.")

    print("\nSummary")
    for name, total in totals.items():
        ratio = ""
        if "stock" in totals and name in ("sqlite", "postgresql"):
            ratio = f"  ({total['rps'] / totals['stock']['rps']:.2f}× stock Oscar)"
        print(f"  {name:11} {total['rps']:6.1f} requests/s, {total['failures']} failed{ratio}")
    ok = (all(total["failures"] == 0 for name, total in totals.items() if name != "stock")
          and placed > 0 and placed == orders == events and after["without_lines"] == 0)
    print("All targets held." if ok else "A target did not hold (see above).")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
