#!/usr/bin/env bash
# bench/dashboard/run.sh [EVENTS] [ROUNDS]: p50/p95 per overview API over a generated store of EVENTS
# (default 10,000,000) spread over 30 days, through the real `mitsu run` dashboard (release build unless
# MITSU_BIN is set). The target is 200 ms p95 per panel.
# DIST=zipf: heavy-tailed source addresses instead of uniform ones (see generate.sql.sh).
# RANGES="24h 30d": the presets to time (default all four).
# ANCHOR=newest: each range ends at the store's newest event instead of now (a reused store was filled
# hours ago; "1h" would otherwise be empty). ANCHOR=past: each range ends 3 days before the newest event
# (a custom range in the past: sessions are counted from their spans, not from "newest event since").
# BENCH_DIR=dir: keep the store there and reuse it on the next run (generating 10 M events takes minutes).
set -euo pipefail
N=${1:-10000000}
ROUNDS=${2:-20}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MITSU=${MITSU_BIN:-}
if [ -z "$MITSU" ]; then (cd "$ROOT" && swift build -c release --product mitsu >/dev/null) && MITSU="$ROOT/.build/release/mitsu"; fi
PID=""
if [ -n "${BENCH_DIR:-}" ]; then
  DIR=$BENCH_DIR
  mkdir -p "$DIR"
  trap '[ -n "$PID" ] && kill $PID 2>/dev/null' EXIT
else
  DIR=$(mktemp -d /tmp/mitsu-bench-dash.XXXXXX)
  trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$DIR"' EXIT
fi
cat > "$DIR/mitsu.yaml" <<YAML
honeypots:
  ssh: {enabled: false}
  telnet: {enabled: false}
  trap: {enabled: false}
  web: {enabled: false}
  ftp: {enabled: false}
  tftp: {enabled: false}
  mysql: {enabled: false}
  mssql: {enabled: false}
  smb: {enabled: false}
  sip: {enabled: false}
ids: {enabled: false}
store: {retention_days: 36500}
dashboard: {port: 0}
YAML
if [ ! -s "$DIR/data/mitsu.sqlite" ]; then
# A first run creates the schema (and the admin account), then the store is filled offline.
"$MITSU" run --data "$DIR/data" --config "$DIR/mitsu.yaml" > "$DIR/log" 2>&1 &
PID=$!
for _ in $(seq 100); do [ -s "$DIR/data/run/dashboard.url" ] && break; sleep 0.2; done
kill $PID; wait $PID || true
rm -f "$DIR/data/run/dashboard.url"
start=$(date +%s)
bash "$HERE/generate.sql.sh" "$N" | sqlite3 "$DIR/data/mitsu.sqlite"
echo "generated $N events in $(( $(date +%s) - start )) s ($(du -h "$DIR/data/mitsu.sqlite" | cut -f1))"
fi
rm -f "$DIR/data/run/dashboard.url"
start=$(date +%s)
"$MITSU" run --data "$DIR/data" --config "$DIR/mitsu.yaml" > "$DIR/log" 2>&1 &
PID=$!
# This start runs the rollup migration's backfill over the generated events (minutes at 10 M).
for _ in $(seq 6000); do [ -s "$DIR/data/run/dashboard.url" ] && break; sleep 0.2; done
echo "started (backfilling rollups on the first start) in $(( $(date +%s) - start )) s"
URL=$(cat "$DIR/data/run/dashboard.url")
TOKEN=$("$MITSU" user token admin --data "$DIR/data" | awk '{print $NF}')
if [ "${ANCHOR:-}" = newest ]; then
  export UNTIL_MS=$(sqlite3 -readonly "$DIR/data/mitsu.sqlite" "SELECT MAX(ts) + 1 FROM events")
  echo "ranges end at the newest event ($UNTIL_MS)"
elif [ "${ANCHOR:-}" = past ]; then
  export UNTIL_MS=$(sqlite3 -readonly "$DIR/data/mitsu.sqlite" "SELECT MAX(ts) + 1 - 3 * 86400000 FROM events")
  echo "ranges end 3 days before the newest event ($UNTIL_MS)"
fi
python3 "$HERE/measure.py" "$URL" "$TOKEN" "$ROUNDS" ${RANGES:-1h 24h 7d 30d}
