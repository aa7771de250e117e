#!/usr/bin/env bash
# The demo shop's database for benchmarks, in var/bench/ (gitignored; `make clean` removes
# it): migrate + setup_demo once, about 8 minutes; later runs reuse it. Nothing outside
# the repository is needed.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$REPO/var/bench"
if [ ! -f "$BENCH/.ready" ]; then
  echo "Setting up the demo shop for benchmarks in $BENCH (about 8 minutes)…"
  mkdir -p "$BENCH"
  (cd "$REPO" && export DATABASE_URL="sqlite:///$BENCH/db.sqlite3" \
     WHOOSH_INDEX="$BENCH/whoosh_index" \
   && .venv/bin/python manage.py migrate --noinput -v0 && .venv/bin/python manage.py setup_demo)
  touch "$BENCH/.ready"
fi
