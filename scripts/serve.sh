#!/usr/bin/env bash
# The production shape on loopback (make serve): PostgreSQL, migrations, the demo data,
# static files, the task worker and gunicorn. Ctrl-C (or SIGTERM) stops gunicorn and
# the worker, then the cluster. Everything lives in var/serve/ and is kept between runs.
#
# Run through scripts/postgres_cluster.py, which sets DATABASE_URL.
#   scripts/serve.sh            prepare, then serve until stopped
#   scripts/serve.sh prepare    only prepare the database of DATABASE_URL (make loadtest)
set -euo pipefail
cd "$(dirname "$0")/.."

VAR=var/serve
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
WORKERS=${WEB_CONCURRENCY:-2}
PY=.venv/bin/python
mkdir -p "$VAR/mail" "$VAR/log"
[ -s "$VAR/secret_key" ] || $PY -c \
    'from django.core.management.utils import get_random_secret_key as k; print(k() + k())' \
    > "$VAR/secret_key"

export DJANGO_SETTINGS_MODULE=shop.settings.production
export SECRET_KEY="$(cat "$VAR/secret_key")"
export SHOP_BASE_URL="http://$HOST:$PORT"
export ALLOWED_HOSTS="$HOST,localhost,127.0.0.1"
export WHOOSH_INDEX="${WHOOSH_INDEX:-$VAR/whoosh_index}"
export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
export EMAIL_FILE_PATH="$PWD/$VAR/mail"

$PY manage.py collectstatic --noinput -v 0
$PY manage.py migrate --noinput
$PY manage.py setup_demo
[ "${1:-}" = prepare ] && exit 0

pids=()
stop() {
    trap '' INT TERM  # a second Ctrl-C must not cut the stop short
    trap - EXIT
    echo "Stopping gunicorn and the worker..."
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM  # asked to stop: a clean exit
trap stop EXIT

$PY manage.py db_worker --no-reload -v 1 >> "$VAR/log/worker.log" 2>&1 &
pids+=($!)
.venv/bin/gunicorn shop.wsgi --bind "$HOST:$PORT" --workers "$WORKERS" \
    --control-socket "$PWD/$VAR/gunicorn.ctl" \
    --access-logfile "$VAR/log/access.log" --error-logfile "$VAR/log/gunicorn.log" &
pids+=($!)

cat <<EOF

  The shop (production settings, PostgreSQL, $WORKERS gunicorn workers, a task worker):
    http://$HOST:$PORT/   dashboard http://$HOST:$PORT/dashboard/   Wagtail http://$HOST:$PORT/cms/
    sign in as admin@example.com / shop-demo-2026
  Mail goes to $VAR/mail/, logs to $VAR/log/. Ctrl-C stops everything.

EOF
# Whichever ends first (a crash, or a signal's handler) ends the rest.
wait -n "${pids[@]}"
