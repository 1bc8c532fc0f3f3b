#!/usr/bin/env bash
# Load test: gunicorn with the production settings, wrk (Debian's `wrk` package) on the loopback only, bounded in time.
# Requests per second and p50/p95/p99 for /cijfers/ (anonymous), the dashboard and the assignment list (logged in as
# the demo coordinator), at $CONNECTIONS concurrent clients. Run by hand, against a database of your own that holds
# the demo data and `seed_demo --scale 100000`:
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/mine benchmarks/load.sh
#
# Settings: PORT (8765), WEB_WORKERS (2 per core + 1), CONNECTIONS (8), DURATION seconds per URL (20), WARMUP (3),
# STATIC_DIR (collected static files to reuse), REDIS_URL (the shared cache; local memory per process without it),
# WRITER=1: during the whole run a writer (benchmarks/writer.py) changes one assignment per second through the
# lifecycle's service, so that every page is measured while the figures' cache generation moves; its count of
# changes and failures is printed under the table. PAGES: which pages, in order (default "public dashboard list").
# gunicorn starts without `make serve`'s deploy check, since the benchmark logs in with a demo account.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?set DATABASE_URL to a database with the demo data and seed_demo --scale}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }
PORT=${PORT:-8765}
WEB_WORKERS=${WEB_WORKERS:-$(( $(nproc) * 2 + 1 ))}
CONNECTIONS=${CONNECTIONS:-8}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-3}
WRITER=${WRITER:-0}
PAGES=${PAGES:-public dashboard list}
BASE="http://127.0.0.1:${PORT}"

workdir=$(mktemp -d)
export DJANGO_SETTINGS_MODULE=portal.settings.production
DJANGO_SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
export DJANGO_SECRET_KEY DATABASE_URL
# STATIC_DIR: keep collected static files between runs (collectstatic compresses everything: minutes)
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=false DJANGO_STATIC_ROOT="${STATIC_DIR:-$workdir/static}"
export LOG_LEVEL=WARNING  # no request log lines in the measurement

cleanup() {
  [ -n "${writer_pid:-}" ] && kill "$writer_pid" 2>/dev/null && wait "$writer_pid" 2>/dev/null
  [ -n "${gunicorn_pid:-}" ] && kill "$gunicorn_pid" 2>/dev/null && wait "$gunicorn_pid" 2>/dev/null
  rm -rf "$workdir"
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "data: $(psql "$DATABASE_URL" -tAc 'SELECT count(*) FROM assignments_assignment') assignments, gunicorn sync workers: $WEB_WORKERS, clients: $CONNECTIONS, $DURATION s per URL, writer: $([ "$WRITER" = 1 ] && echo 'one change per second' || echo none)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

[ -f "$DJANGO_STATIC_ROOT/staticfiles.json" ] || .venv/bin/python manage.py collectstatic --no-input --verbosity 0
.venv/bin/gunicorn portal.wsgi:application --bind "127.0.0.1:${PORT}" --workers "$WEB_WORKERS" --timeout 60 \
  >"$workdir/gunicorn.log" 2>&1 &
gunicorn_pid=$!
for _ in $(seq 1 60); do curl -fs "$BASE/health/" >/dev/null && break; sleep 1; done
curl -fs "$BASE/health/" >/dev/null || { cat "$workdir/gunicorn.log"; exit 1; }

# A session of the demo coordinator, made in the database (no password over the wire, no CSRF dance).
session=$(.venv/bin/python manage.py shell -c "
from django.contrib.auth import get_user_model
from django.test import Client
client = Client()
client.force_login(get_user_model().objects.get(username='coordinator'))
print(client.cookies['sessionid'].value)" | tail -n 1)  # the shell may print a line about its imports first

cat >"$workdir/report.lua" <<'LUA'
local errors = 0
response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
done = function(summary, latency, requests)
  local failed = errors + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.1f %.0f %.0f %.0f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, failed))
end
LUA

measure() {
  local label=$1 path=$2 cookie=$3
  local header=()
  [ -n "$cookie" ] && header=(-H "Cookie: sessionid=$cookie")
  # one request first: its status and time, so that a page that fails or never answers says so
  echo "$label: one request: $(curl -s -o /dev/null -m 60 -w '%{http_code} in %{time_total} s' "${header[@]}" "$BASE$path")" >&2
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" "${header[@]}" "$BASE$path" >/dev/null
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s "${header[@]}" -s "$workdir/report.lua" "$BASE$path" |
    awk -v label="$label" '/^RESULT/ {
      failed = ($6 == 0) ? "all: no answer within the run" : $7  # wrk counts no timeout for a request still open
      printf "| %s | %s | %s ms | %s ms | %s ms | %s | %s |\n", label, $2, $3, $4, $5, $6, failed}'
}

if [ "$WRITER" = 1 ]; then
  # the writer runs through all three pages (warm-up included) and stops by itself, printing its counts
  DJANGO_SETTINGS_MODULE=portal.settings.production .venv/bin/python benchmarks/writer.py \
    --seconds $(( $(wc -w <<<"$PAGES") * (WARMUP + DURATION + 5) + 2 )) >"$workdir/writer.log" 2>"$workdir/writer.err" &
  writer_pid=$!
fi

echo
echo "| page | requests/s | p50 | p95 | p99 | requests | errors |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for page in $PAGES; do
  case $page in
    public) measure "/cijfers/ (anonymous)" "/cijfers/" "" ;;
    dashboard) measure "dashboard (coordinator)" "/dashboard/" "$session" ;;
    list) measure "assignment list (coordinator)" "/opdrachten/" "$session" ;;
    *) echo "unknown page: $page (public, dashboard, list)" >&2 ;;
  esac
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$WRITER" = 1 ]; then
  wait "$writer_pid" || true
  writer_pid=""
  read -r _ changes failures < <(grep '^WRITER' "$workdir/writer.log" || echo "WRITER 0 unknown")
  echo "writer: $changes assignments changed through the lifecycle service, $failures failed"
  [ -s "$workdir/writer.err" ] && head -n 5 "$workdir/writer.err"
fi
