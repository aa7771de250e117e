"""``make mutation``: mutmut over the modules that keep the README's promises.

Each module is mutated alone and tested only by its own tests (``MODULES``), in
a copy of the working tree under ``var/mutation`` (the checkout is never
touched). Every test run starts from a copy of one migrated SQLite file
(``tests/mutation/template_db.py``), so a mutant costs its tests, not a
migration. Prints each module's score (killed / mutants; a mutant that makes its
tests hang counts as killed) and every mutant left alive, marked "explained"
when the README names it (in backticks, under "Tests with teeth").

    .venv/bin/python scripts/mutation.py [module ...] [--max-children N]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutation"
BIN = Path(sys.executable).parent
PACKAGES = ["recommendations", "reviews", "funnel", "sales", "shop"]
TARGET = 0.85

# module -> the tests that are its own (files or directories under tests/).
MODULES = {
    "recommendations/mining.py": ["tests/recommendations/test_mining.py",
                                  "tests/recommendations/test_services.py"],
    "recommendations/selectors.py": ["tests/recommendations/test_storefront.py",
                                     "tests/recommendations/test_bundles.py",
                                     "tests/recommendations/test_cached.py",
                                     "tests/shop/test_holdout.py"],
    "reviews/services.py": ["tests/reviews", "tests/shop/test_races.py"],
    "reviews/proof.py": ["tests/reviews", "tests/shop/test_listing_proof.py"],
    "funnel/tracker.py": ["tests/funnel/test_capture.py", "tests/funnel/test_guard_rails.py",
                          "tests/funnel/test_channels.py"],
    "funnel/rollups.py": ["tests/funnel/test_rollups.py", "tests/funnel/test_report.py",
                          "tests/funnel/test_report_agrees.py"],
    "shop/mail/delivery.py": ["tests/mail", "tests/newsletter/test_sending.py",
                              "tests/shop/test_races.py"],
    "shop/newsletter/sending.py": ["tests/newsletter/test_sending.py",
                                   "tests/newsletter/test_worker.py",
                                   "tests/shop/test_races.py"],
    "reviews/requests.py": ["tests/reviews/test_requests.py", "tests/mail/test_automated.py"],
    "shop/importer/services.py": ["tests/shop/importer"],
    "shop/importer/history.py": ["tests/shop/importer"],
}
KILLED = {"killed", "timeout", "caught by type check"}


def copy_tree(tree):
    """The working tree's files (tracked and new, not ignored) in ``tree``."""
    shutil.rmtree(tree, ignore_errors=True)
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                           check=True, capture_output=True, text=True).stdout.split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, tree / name)
    return tree


def migrate_template(tree):
    """A migrated SQLite database beside ``tree``, for ``tests.mutation.template_db``."""
    template = tree.with_name(tree.name + "-template.sqlite3")
    template.unlink(missing_ok=True)
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{template}",
               DJANGO_SETTINGS_MODULE="shop.settings.test")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=tree, env=env,
                   check=True)
    return template


def configure(tree, module, tests):
    """Point mutmut (``[tool.mutmut]`` of the copy's pyproject) at one module."""
    package = module.split("/")[0]
    pyproject = (ROOT / "pyproject.toml").read_text()
    pyproject += f"""
[tool.mutmut]
source_paths = ["{package}/"]
only_mutate = ["{module}"]
also_copy = {json.dumps([p + "/" for p in PACKAGES if p != package] + ["manage.py", "data/"])}
pytest_add_cli_args = ["-p", "tests.mutation.template_db", "-p", "no:randomly", "-p",
                       "no:cacheprovider", "-q", "-x", "-m", "not browser and not postgres_pass"]
pytest_add_cli_args_test_selection = {json.dumps(tests)}
use_git_change_detection = false
"""
    (tree / "pyproject.toml").write_text(pyproject)
    shutil.rmtree(tree / "mutants", ignore_errors=True)


def results(tree):
    """{mutant name: status} of the last run."""
    out = subprocess.run([str(BIN / "mutmut"), "results", "--all", "true"], cwd=tree,
                         capture_output=True, text=True, check=True).stdout
    return dict(re.findall(r"^\s*(\S+__mutmut_\d+): (.+?)\s*$", out, re.M))


def diff_line(tree, name):
    """The mutated line of ``name``, as ``-old`` / ``+new``."""
    out = subprocess.run([str(BIN / "mutmut"), "show", name], cwd=tree, capture_output=True,
                         text=True).stdout
    changed = [line for line in out.splitlines()
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return " / ".join(line.strip() for line in changed)[:200]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", default=list(MODULES))
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(f"not a module with its own tests here: {', '.join(unknown)}")
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    tree = copy_tree(WORK / "tree")
    print("Migrating the template database…", flush=True)
    env = dict(os.environ, MUTATION_DB_TEMPLATE=str(migrate_template(tree)),
               PYTHONDONTWRITEBYTECODE="1")
    rows, alive = [], []
    for module in args.modules:
        configure(tree, module, MODULES[module])
        print(f"== {module}: mutmut over {', '.join(MODULES[module])}", flush=True)
        began = time.monotonic()
        run = subprocess.run([str(BIN / "mutmut"), "run", "--max-children",
                              str(args.max_children)], cwd=tree, env=env,
                             capture_output=True, text=True)
        statuses = results(tree)
        if run.returncode or not statuses:
            print(run.stdout[-3000:], run.stderr[-3000:], sep="\n")
            sys.exit(f"mutmut failed on {module}")
        counts = Counter(statuses.values())
        killed = sum(counts[s] for s in KILLED)
        rows.append((module, len(statuses), killed, counts, time.monotonic() - began))
        print(f"   {killed} of {len(statuses)} killed ({killed / len(statuses):.1%}), "
              f"{time.monotonic() - began:.0f} s", flush=True)
        for name, status in sorted(statuses.items()):
            if status not in KILLED:
                alive.append((module, name, status, diff_line(tree, name)))
                print(f"   alive [{status}] {name}: {alive[-1][3]}", flush=True)
    readme = (ROOT / "README.md").read_text()  # read now: it may be edited meanwhile
    print(f"\nMutation score per module (target {TARGET:.0%} killed), "
          f"{(time.monotonic() - started) / 60:.1f} min in all:")
    print(f"{'module':30} {'mutants':>7} {'killed':>6} {'of them timeouts':>16} {'score':>6}"
          "  survived  no tests  time")
    for module, total, killed, counts, seconds in rows:
        mark = "" if killed >= TARGET * total else "  below target"
        print(f"{module:30} {total:7} {killed:6} {counts['timeout']:16} {killed / total:6.1%}"
              f"  {counts['survived']:8}  {counts['no tests']:8}  {seconds:4.0f}s{mark}")
    print(f"\nMutants left alive ({len(alive)}):")
    for _, name, status, change in alive:
        explained = "explained" if f"`{name}`" in readme else "NOT EXPLAINED"
        print(f"  {name} [{status}, {explained}]: {change}")
    below = [row[0] for row in rows if row[2] < TARGET * row[1]]
    unexplained = [name for _, name, _, _ in alive if f"`{name}`" not in readme]
    if below or unexplained:
        sys.exit(f"{len(below)} module(s) below {TARGET:.0%}, "
                 f"{len(unexplained)} mutant(s) alive without a word in the README")


if __name__ == "__main__":
    main()
