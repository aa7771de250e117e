"""The mutants issue 17 listed (``tests/mutation/listed.py``) must each turn every
test named for it red: applied one at a time to a copy of the working tree
(``var/mutation/listed``), the tests run on SQLite from a migrated template.

    .venv/bin/python scripts/listed_mutants.py
"""

import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.mutation import WORK, copy_tree, migrate_template
from tests.mutation.listed import LISTED


def run_tests(tree, env, tests, settings=""):
    """The node ids among ``tests`` that failed (or errored); exits when pytest could
    not run them (a mutant that breaks an import is no test turning red)."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.mutation.template_db", "-p",
         "no:randomly", "-p", "no:cacheprovider", "-q", "-rfE",
         *([f"--ds={settings}"] if settings else []), *tests],
        cwd=tree, env=env, capture_output=True, text=True)
    failed = re.findall(r"^(?:FAILED|ERROR) (\S+::\S+)", result.stdout, re.M)
    if result.returncode not in (0, 1) or (result.returncode and not failed):
        print(result.stdout[-2000:], result.stderr[-2000:], sep="\n")
        sys.exit("the tests did not run")
    return failed


def main():
    tree = copy_tree(WORK / "listed")
    print("Migrating the template database…", flush=True)
    env = dict(os.environ, MUTATION_DB_TEMPLATE=str(migrate_template(tree)))
    env.pop("TEST_CLOCK", None)
    for settings in sorted({mutant.settings for mutant in LISTED}):
        failing = run_tests(tree, env, sorted({test for mutant in LISTED for test in
                                               mutant.tests if mutant.settings == settings}),
                            settings)
        if failing:
            sys.exit(f"red before any mutant: {', '.join(failing)}")
    alive = 0
    for mutant in LISTED:
        source = tree / mutant.path
        original = source.read_text()
        if original.count(mutant.old) != 1:
            sys.exit(f"{mutant.path}: the mutated text is not there once: {mutant.old!r}")
        source.write_text(original.replace(mutant.old, mutant.new))
        try:
            failed = run_tests(tree, env, list(mutant.tests), mutant.settings)
        finally:
            source.write_text(original)
        green = [test for test in mutant.tests
                 if not any(red == test or red.startswith(test + "[") for red in failed)]
        alive += bool(green)
        print(f"{'ALIVE ' if green else 'killed'}  {mutant.what}  ({mutant.path})")
        for test in failed:
            print(f"          red: {test}")
        for test in green:
            print(f"          still green: {test}")
    print(f"\n{len(LISTED) - alive} of {len(LISTED)} listed mutants killed.")
    if alive:
        sys.exit(1)


if __name__ == "__main__":
    main()
