#!/usr/bin/env bash
# bench/ingest: events/s worker → collector → SQLite + events.jsonl, GeoIP lookups/s, collector RSS idle.
# Each figure is reported with the same job done by a Python peer in the same run (the language of
# Cowrie, Dionaea's output stack and ewsposter), so the ratio, not the absolute number, is the claim.
# Usage: bench/ingest/run.sh [EVENTS] (default 400000). Needs a release build (or MITSU_BIN) and the GeoIP db (make bench).
# EMIT_ARGS=--random-sessions gives sessions 48 random bits instead of time-ordered ids (A/B of the session indexes).
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${1:-400000}
BIN=${MITSU_BIN:-.build/release/mitsu}
DB=data/geoip/GeoLite2-City.mmdb
[ -x "$BIN" ] || swift build -c release --product mitsu
[ -f "$DB" ] || python3 scripts/fetch-geoip.py data/geoip
WORK=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/data/geoip" && ln -s "$PWD/$DB" "$WORK/data/geoip/GeoLite2-City.mmdb"
cat > "$WORK/mitsu.yaml" <<YAML
honeypots:
  trap:
    tcp_ports: [8081]
    udp_ports: []
YAML

# The offset keeps every port valid, the dashboard's 64297 included: the idle figure is the collector as
# users run it, dashboard listening (an offset of 50,000 once pushed it past 65535 and out of the figure).
"$BIN" run --data "$WORK/data" --config "$WORK/mitsu.yaml" --port-offset 1100 2>"$WORK/stderr.log" &
PID=$!
for _ in $(seq 100); do grep -q '"honeypot":"trap"' "$WORK/data/log/events.jsonl" 2>/dev/null && break; sleep 0.1; done
sleep 3
ss -ltn "sport = :$((64297 + 1100))" | grep -q LISTEN || { echo "dashboard not listening" >&2; exit 1; }
RSS_KB=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)
# RSS counts the Swift runtime and Foundation libraries that the supervisor shares with every worker; PSS
# divides shared pages among their users and Private_Dirty is what this process alone costs.
PSS_KB=$(awk '/^Pss:/ {print $2}' /proc/$PID/smaps_rollup)
DIRTY_KB=$(awk '/^Private_Dirty:/ {print $2}' /proc/$PID/smaps_rollup)
FIRST_WORKER=$(pgrep -P $PID | awk 'NR == 1')
WORKER_PSS_KB=$(awk '/^Pss:/ {print $2}' /proc/$FIRST_WORKER/smaps_rollup)
echo "collector (supervisor) idle: RSS $((RSS_KB / 1024)) MiB, PSS $((PSS_KB / 1024)) MiB, private dirty $((DIRTY_KB / 1024)) MiB; trap worker PSS $((WORKER_PSS_KB / 1024)) MiB"

HALF=$((EVENTS / 2))
# One poller for the whole run (max(id) is an index lookup; rows are only appended meanwhile; starting a
# python3 and a count(*) every 50 ms, as once, took ~half a core from the collector it was timing). The
# collector stores more rows than the emitters send — the IDS adds an ids.alert for the wget in every
# payload — so a row count cannot say when the emitted events are in (counting the alert rows toward
# EVENTS once stopped the clock a quarter early). The clock stops at the last new row once the emitters
# have exited (they exit after the collector has read every event) and no row has come for 1.5 s.
max_id() { python3 -c "import sqlite3; print(sqlite3.connect('file:$WORK/data/mitsu.sqlite?mode=ro', uri=True).execute('select coalesce(max(id), 0) from events').fetchone()[0])"; }
FIRST=$(max_id)
python3 - "$WORK/data/mitsu.sqlite" "$WORK/emitted" "$FIRST" > "$WORK/done.txt" <<'PY' &
import os, sqlite3, sys, time
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
first = int(sys.argv[3])
top, changed = first, time.time()
# "Sustained": rows per 5-second window, to show stalls that the average hides (a fold of the address
# tables, a checkpoint); written to a side file, the main output stays "END ROWS".
# Windows start at the first new row and only those that end before the last one count (no idle edges).
window, window_top, windows = None, first, []
while not (os.path.exists(sys.argv[2]) and time.time() - changed > 1.5):
    time.sleep(0.02)
    now = db.execute("select max(id) from events").fetchone()[0] or 0
    if now != top:
        top, changed = now, time.time()
        if window is None:
            window, window_top = changed, top
    t = time.time()
    if window is not None and t - window >= 5:
        windows.append(((top - window_top) / (t - window), top - first, t))
        window, window_top = t, top
with open(sys.argv[2] + ".windows", "w") as out:
    full = [w for w in windows if w[2] <= changed]
    if full:
        slowest = min(full)
        rates = sorted(r for r, _, _ in full)
        out.write(f"rows/s in 5 s windows: slowest {slowest[0]:,.0f} (ending at row {slowest[1]:,}), "
                  f"median {rates[len(rates) // 2]:,.0f}, fastest {rates[-1]:,.0f}\n")
print(f"{changed:.6f} {top - first}")
PY
POLLER=$!
# The collector's CPU per thread over the run, from /proc: which stage (NIO decoding, the writer thread's
# enrichment/IDS/encoding, the store and events.jsonl queues) the time went to.
threads() { for t in /proc/$PID/task/*; do echo "$(tr ' ' _ < $t/comm) $(awk '{print $14+$15}' $t/stat)"; done; }
threads > "$WORK/cpu0"
START=$(date +%s.%N)
"$BIN" bench emit --data "$WORK/data" --count $HALF ${EMIT_ARGS:-} > "$WORK/emit1.log" &
E1=$!
"$BIN" bench emit --data "$WORK/data" --count $((EVENTS - HALF)) ${EMIT_ARGS:-} > "$WORK/emit2.log" &
E2=$!
wait $E1 $E2
touch "$WORK/emitted"
wait $POLLER
read -r END ROWS < "$WORK/done.txt"
cat "$WORK/emitted.windows" 2>/dev/null || true
MITSU_RATE=$(python3 -c "print(round($EVENTS / ($END - $START)))")
MITSU_ROWS=$(python3 -c "print(round($ROWS / ($END - $START)))")
echo "mitsu ingest: $EVENTS events (2 emitter processes) into SQLite + events.jsonl with GeoIP in $(python3 -c "print(round($END - $START, 2))") s: $MITSU_RATE events/s; $ROWS rows with the IDS alerts: $MITSU_ROWS rows/s"
cat "$WORK/emit1.log" "$WORK/emit2.log"
threads > "$WORK/cpu1"
python3 - "$WORK/cpu0" "$WORK/cpu1" "$EVENTS" <<'PY'
import collections, sys
def ticks(path):
    per = collections.Counter()
    for line in open(path):
        name, t = line.split()
        per[name] += int(t)
    return per
a, b = ticks(sys.argv[1]), ticks(sys.argv[2])
used = {k: (b[k] - a[k]) / 100 for k in b if b[k] - a[k] >= 50}
total = sum(b.values()) - sum(a.values())
print(f"collector CPU: {total / 100:.1f} s, {total * 10_000 / int(sys.argv[3]):.1f} us per event; by thread name: "
      + ", ".join(f"{k} {v:.1f} s" for k, v in sorted(used.items(), key=lambda kv: -kv[1])))
PY
kill -TERM $PID; wait $PID || true
# Nothing lost: every emitted event is a row (the IDS alerts and the emitters' own sensor.start/stop are the rest).
python3 - "$WORK/data/mitsu.sqlite" "$FIRST" "$EVENTS" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
kinds = dict(db.execute("select event, count(*) from events where id > ? group by event", (int(sys.argv[2]),)).fetchall())
emitted = sum(kinds.get(k, 0) for k in ("session.connect", "payload", "session.close"))
print("stored by kind:", ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
if emitted != int(sys.argv[3]):
    sys.exit(f"events lost: {emitted} of {sys.argv[3]} stored")
PY
JSONL_LINES=$(wc -l < "$WORK/data/log/events.jsonl")
echo "events.jsonl lines: $JSONL_LINES"

# Peer: the same lines decoded, GeoIP-enriched (maxminddb), written to SQLite and JSON lines by Python.
PEER_RATE=$(python3 bench/ingest/python_peer.py "$WORK/data/log/events.jsonl" "$DB" "$WORK/peer")
echo "python peer ingest: $PEER_RATE rows/s (every line of events.jsonl, alerts included)"
echo "ratio ingest mitsu/python (rows/s): $(python3 -c "print(round($MITSU_ROWS / $PEER_RATE, 1))")"

GEO=$("$BIN" bench geoip --db "$DB" --count 2000000)
echo "mitsu geoip: $GEO"
PEER_GEO=$(python3 bench/ingest/python_geoip.py "$DB" 300000)
echo "python maxminddb geoip: $PEER_GEO lookups/s"
