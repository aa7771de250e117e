#!/usr/bin/env bash
# 1 -> 2 gunicorn workers, stock Oscar (A) beside this project (B), in one run.
#
# Called by compare_with_stock.sh after ../shared/perf/run_compare.sh, in its $WORK (the
# copies of both shops' data, gunicorn and Whoosh for A). Each shop is served by 1, then
# 2 sync workers and browsed by locust's BrowseUser ($USERS users, $SCALE_DURATION per
# run after $SCALE_WARMUP of warm-up, order A1 B1 A2 B2 twice so drift hits both alike);
# prints requests/s per run,
# each shop's 2/1 ratio and B's scaling against A's (target: within 5%), and failures.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
: "${WORK:?set by compare_with_stock.sh}" "${PERF:?}" "${STOCK:?}" "${A_PY:?}" "${TOOLS_VENV:?}"
USERS="${USERS:-10}" SCALE_DURATION="${SCALE_DURATION:-40s}" SCALE_WARMUP="${SCALE_WARMUP:-10s}"
A_PORT="${A_PORT:-8051}" B_PORT="${B_PORT:-8052}"
R="$WORK/results"
mkdir -p "$R"
exec > >(tee -a "$R/summary.txt") 2>&1

A_ENV=(PYTHONPATH="$WORK/pylib-gunicorn:$WORK/pylib-whoosh:$PERF" DJANGO_SETTINGS_MODULE=stock_whoosh_settings
       STOCK_SHOP_DATA="$WORK/a-data" STOCK_SHOP_WHOOSH="$WORK/a-whoosh" STOCK_SHOP_DEBUG=0)
B_ENV=(PYTHONPATH="$WORK/pylib-gunicorn" DJANGO_SETTINGS_MODULE=shop.settings DEBUG=0
       ALLOWED_HOSTS=127.0.0.1,testserver DATABASE_URL="sqlite:///$WORK/b.sqlite3"
       WHOOSH_INDEX="$WORK/b-whoosh" EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend)

serve() {  # shop workers: start gunicorn, wait until it answers; its port in $port
  local shop=$1 workers=$2
  if [ "$shop" = A ]; then
    port=$A_PORT
    (cd "$STOCK" && env "${A_ENV[@]}" "$A_PY" -m gunicorn -w "$workers" -b "127.0.0.1:$port" \
      --pythonpath "$STOCK" --pid "$WORK/scale.pid" --control-socket "$WORK/scale.ctl" \
      'django.core.wsgi:get_wsgi_application()' \
      >> "$R/scale-server-A.log" 2>&1 &)
  else
    port=$B_PORT
    (cd "$REPO" && env "${B_ENV[@]}" .venv/bin/python -m gunicorn -w "$workers" \
      -b "127.0.0.1:$port" --pid "$WORK/scale.pid" --control-socket "$WORK/scale.ctl" \
      shop.wsgi:application \
      >> "$R/scale-server-B.log" 2>&1 &)
  fi
  for _ in $(seq 60); do curl -sf -o /dev/null "http://127.0.0.1:$port/catalogue/" && break; sleep 1; done
  for _ in 1 2 3 4; do curl -sf -o /dev/null "http://127.0.0.1:$port/catalogue/"; done
}
stop() {
  if [ -f "$WORK/scale.pid" ]; then
    kill "$(cat "$WORK/scale.pid")" 2>/dev/null || true
    for _ in $(seq 30); do [ -f "$WORK/scale.pid" ] || break; sleep 0.5; done
    rm -f "$WORK/scale.pid"
  fi
}
trap stop EXIT

echo; echo "## 5. Scaling: 1 -> 2 gunicorn workers, locust BrowseUser, $USERS users, $SCALE_DURATION per run"
RUNS=()
for round in 1 2; do
  for workers in 1 2; do
    for shop in A B; do
      serve "$shop" "$workers"
      prefix="$R/scale-$round-$shop$workers"
      # Warm every worker's caches and connections first; only the run after counts.
      "$TOOLS_VENV/bin/locust" -f "$PERF/locustfile.py" --host "http://127.0.0.1:$port" \
        --headless -u "$USERS" -r "$USERS" -t "$SCALE_WARMUP" --only-summary BrowseUser \
        > "$prefix-warmup.log" 2>&1 || true
      LOCUST_SUMMARY="$prefix.json" "$TOOLS_VENV/bin/locust" -f "$PERF/locustfile.py" \
        --host "http://127.0.0.1:$port" --headless -u "$USERS" -r "$USERS" -t "$SCALE_DURATION" \
        --csv "$prefix" --only-summary BrowseUser > "$prefix.log" 2>&1 || true
      stop
      RUNS+=("$prefix.json")
      sleep 2
    done
  done
done
"$TOOLS_VENV/bin/python" - "${RUNS[@]}" <<'PY'
import json, statistics, sys
from collections import defaultdict
rps, failures, requests = defaultdict(list), defaultdict(int), defaultdict(int)
for path in sys.argv[1:]:
    key = path.rsplit("-", 1)[1][:-5]  # "A1", "B2", ...
    total = next(r for r in json.load(open(path))["rows"] if r["name"] == "Aggregated")
    rps[key].append(total["rps"])
    failures[key] += total["failures"]
    requests[key] += total["requests"]
print("| shop | 1 worker req/s | 2 workers req/s | 2/1 scaling | failures |")
print("| --- | ---: | ---: | ---: | ---: |")
scaling = {}
for shop in "AB":
    one, two = statistics.mean(rps[shop + "1"]), statistics.mean(rps[shop + "2"])
    scaling[shop] = two / one
    runs = " + ".join(f"{r:.1f}" for r in rps[shop + "1"]), " + ".join(f"{r:.1f}" for r in rps[shop + "2"])
    print(f"| {shop} | {one:.1f} ({runs[0]}) | {two:.1f} ({runs[1]}) | {scaling[shop]:.2f} | "
          f"{failures[shop + '1'] + failures[shop + '2']} of {requests[shop + '1'] + requests[shop + '2']} |")
print(f"B's scaling / A's: {scaling['B'] / scaling['A']:.3f} (target: at least 0.95); "
      f"B/A req/s with 1 worker {statistics.mean(rps['B1']) / statistics.mean(rps['A1']):.2f}, "
      f"with 2 workers {statistics.mean(rps['B2']) / statistics.mean(rps['A2']):.2f}")
PY
echo "B server log: $(grep -c -E '^Internal Server Error: ' "$R/scale-server-B.log" || true) HTTP 500s," \
  "$(grep -c 'database is locked' "$R/scale-server-B.log" || true) 'database is locked'"
