#!/usr/bin/env bash
# bench/services: FTP login sessions/s and SMB negotiate+session-setup/s, and memory per held session of
# the ftp and smb workers (Dionaea's role).
# Usage: bench/services/run.sh [SECONDS] (default 10). Uses the release build when present (MITSU_BIN
# to override).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_RUN=${1:-10}
BIN=${MITSU_BIN:-.build/release/mitsu}
[ -x "$BIN" ] || swift build -c release --product mitsu
WORK=$(mktemp -d)
chmod 755 "$WORK"
trap 'kill $PID 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
cat > "$WORK/mitsu.yaml" <<YAML
honeypots:
  ssh: {enabled: false}
  telnet: {enabled: false}
  trap: {enabled: false}
  tftp: {enabled: false}
  mysql: {enabled: false}
  mssql: {enabled: false}
  ftp:
    listen: ["127.0.0.1"]
    auth_rules: ["tester:s3cret"]
    limits: {max_connections_per_ip: 100000, max_connections: 100000}
  smb:
    listen: ["127.0.0.1"]
    tcp_ports: [445]
    limits: {max_connections_per_ip: 100000, max_connections: 100000}
YAML
"$BIN" run --data "$WORK/data" --config "$WORK/mitsu.yaml" --port-offset 50000 2>"$WORK/stderr.log" &
PID=$!
for _ in $(seq 100); do grep -q '"honeypot":"ftp","message":"pid' "$WORK/data/log/events.jsonl" 2>/dev/null && break; sleep 0.1; done
WORKER=$(grep -o '"honeypot":"ftp","message":"pid [0-9]*' "$WORK/data/log/events.jsonl" | head -1 | grep -o '[0-9]*$')
python3 bench/services/ftp_bench.py 50021 "$WORKER" "$SECONDS_RUN"
for _ in $(seq 100); do grep -q '"honeypot":"smb","message":"pid' "$WORK/data/log/events.jsonl" 2>/dev/null && break; sleep 0.1; done
SMB_WORKER=$(grep -o '"honeypot":"smb","message":"pid [0-9]*' "$WORK/data/log/events.jsonl" | head -1 | grep -o '[0-9]*$')
python3 bench/services/smb_bench.py 50445 "$SMB_WORKER" "$SECONDS_RUN"
