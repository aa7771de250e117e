"""Import speed: rows per second into a fresh SQLite database.

    make bench            (or: .venv/bin/python tests/benchmarks/bench_import.py)

Imports the bundled extract and, when ../shared/data/online_retail.csv.gz is
present, the full UCI Online Retail file, each into a fresh copy of one
migrated database, and prints wall time and rows/s (the command's own
figure, which includes reading, cleaning, writing and search indexing).
Target: the full file in at most 120 s on a 2-core machine.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "online_retail_2011q1.csv.gz"
FULL = REPO.parent / "shared" / "data" / "online_retail.csv.gz"
TARGET_SECONDS = 120


def manage(args, env):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, check=True)


def main():
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    template = work / "template.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{template}",
           "WHOOSH_INDEX": str(work / "index")}
    print("Migrating a template database…", flush=True)
    manage(["migrate", "--noinput", "-v0"], env)
    files = [("bundled extract", SAMPLE)]
    if FULL.exists():
        files.append(("full file", FULL))
    else:
        print(f"({FULL} not found: benchmarking the bundled extract only)")
    for label, path in files:
        database = work / f"{label.replace(' ', '-')}.sqlite3"
        shutil.copy(template, database)
        run_env = {**env, "DATABASE_URL": f"sqlite:///{database}",
                   "WHOOSH_INDEX": str(work / f"index-{database.stem}")}
        started = time.perf_counter()
        out = manage(["import_online_retail", str(path)], run_env).stdout
        wall = time.perf_counter() - started
        rows = int(re.search(r"Read ([\d,]+) rows", out).group(1).replace(",", ""))
        print(f"{label:16s} {rows:>8,} rows  command {wall:6.1f} s wall  "
              f"{rows / wall:>8,.0f} rows/s")
        if path == FULL:
            print(f"  target: <= {TARGET_SECONDS} s; measured {wall:.1f} s "
                  f"({TARGET_SECONDS / wall:.1f}x headroom)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
