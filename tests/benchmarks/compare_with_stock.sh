#!/usr/bin/env bash
# Stock Oscar beside this project, in one run: ../shared/perf/run_compare.sh, with both
# shops set up here first (each step skipped when already done).
#
#   A  ../shared/stock_shop: venv /tmp/stock-shop-venv, data /tmp/stock-shop-data (load_sample)
#   B  this checkout: its .venv, a demo database of its own in var/bench/ (demo_db.sh)
#   tools  /tmp/perf-tools-venv: gunicorn, locust, Whoosh
#
# Then, with the http step, 1 -> 2 worker scaling of both shops (scaling_with_stock.sh).
#
# Without ../shared (a user's clone) it says so and stops: the rest of `make bench` needs
# nothing outside the repository. Settings of run_compare.sh (STEPS, USERS, DURATION, ...)
# pass through the environment.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHARED="${SHARED:-$REPO/../shared}"
PERF="$SHARED/perf" STOCK="$SHARED/stock_shop"
if [ ! -x "$PERF/run_compare.sh" ] || [ ! -f "$STOCK/manage.py" ]; then
  echo "Side-by-side with stock Oscar skipped: $PERF and $STOCK are not here."
  exit 0
fi
export STOCK_SHOP_DATA="${STOCK_SHOP_DATA:-/tmp/stock-shop-data}"
A_VENV="${A_VENV:-/tmp/stock-shop-venv}" TOOLS_VENV="${TOOLS_VENV:-/tmp/perf-tools-venv}"
BENCH="$REPO/var/bench"

if [ ! -x "$A_VENV/bin/python" ]; then
  echo "Setting up stock Oscar's venv in $A_VENV…"
  python3.11 -m venv "$A_VENV"
  "$A_VENV/bin/pip" install -q -r "$STOCK/requirements.txt"
fi
if [ ! -f "$STOCK_SHOP_DATA/.loaded" ]; then
  echo "Loading stock Oscar's sample data into $STOCK_SHOP_DATA (about 3 minutes)…"
  mkdir -p "$STOCK_SHOP_DATA"
  (cd "$STOCK" && "$A_VENV/bin/python" manage.py migrate -v0 \
     && "$A_VENV/bin/python" manage.py load_sample --flush)
  touch "$STOCK_SHOP_DATA/.loaded"
fi
if [ ! -x "$TOOLS_VENV/bin/locust" ]; then
  echo "Setting up the measuring tools in $TOOLS_VENV…"
  python3.11 -m venv "$TOOLS_VENV"
  "$TOOLS_VENV/bin/pip" install -q gunicorn locust Whoosh-Reloaded==2.7.5
fi
"$REPO/tests/benchmarks/demo_db.sh"
cd "$REPO"
export WORK="${WORK:-/tmp/perf-compare-$(date +%Y%m%d-%H%M%S)}"
A_DATA="$STOCK_SHOP_DATA" A_PY="$A_VENV/bin/python" TOOLS_VENV="$TOOLS_VENV" B_DIR="$REPO" \
  B_DB="$BENCH/db.sqlite3" B_WHOOSH="$BENCH/whoosh_index" "$PERF/run_compare.sh"
if [[ " ${STEPS:-inprocess http checkout} " == *" http "* ]]; then
  A_PY="$A_VENV/bin/python" TOOLS_VENV="$TOOLS_VENV" PERF="$PERF" STOCK="$STOCK" \
    "$REPO/tests/benchmarks/scaling_with_stock.sh"
fi
