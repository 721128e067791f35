#!/usr/bin/env bash
# bench/ids: MitsuIDS rule-load time and single-core prefilter + match throughput (MB/s) with 20,000+
# ET-shaped rules plus Sources/MitsuIDS/Ruleset/mitsu.rules, over a mixed, seeded honeypot corpus (web requests, shell command
# lines, SSH versions, trap payloads). With ET Open on the machine (ET_OPEN=dir of .rules), the same run
# on the real ruleset too.
# Peer: Suricata itself is not an apt package on this machine's Debian sources (only suricata-update is),
# and building it from source (Rust, libhtp, ~40 C deps) does not fit the bench; the rule-parse peer is
# the Python `suricataparser` package (pip), timed on the same rule file. There is no matcher peer.
# Usage: bench/ids/run.sh [RULES] [EVENTS] [SECONDS] (defaults 20000 20000 10). Needs a release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
RULES=${1:-20000}
EVENTS=${2:-20000}
SECS=${3:-10}
BIN=.build/release/mitsu
[ -x "$BIN" ] || swift build -c release --product mitsu
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 bench/ids/make_rules.py "$RULES" "$WORK/et-shaped.rules"
python3 bench/ids/make_corpus.py "$EVENTS" "$WORK/corpus.jsonl"
echo "corpus: $EVENTS events, $(du -k "$WORK/corpus.jsonl" | cut -f1) KiB of JSON lines"
echo "== mitsu: $RULES ET-shaped rules + Sources/MitsuIDS/Ruleset/mitsu.rules"
/usr/bin/time -f "mitsu ids bench: max RSS %M KiB" "$BIN" ids bench --rules "$WORK/et-shaped.rules" --rules Sources/MitsuIDS/Ruleset/mitsu.rules \
  --events "$WORK/corpus.jsonl" --seconds "$SECS"
echo "== mitsu: rule check (load only)"
"$BIN" ids check "$WORK/et-shaped.rules"
ET_OPEN=${ET_OPEN:-/work/shared/corpus/et-open/rules}
if [ -d "$ET_OPEN" ]; then
  echo "== mitsu: real ET Open ($ET_OPEN)"
  # shellcheck disable=SC2046
  "$BIN" ids check $(ls "$ET_OPEN"/*.rules)
  # shellcheck disable=SC2046
  "$BIN" ids bench $(for f in "$ET_OPEN"/*.rules; do printf -- '--rules %s ' "$f"; done) --rules Sources/MitsuIDS/Ruleset/mitsu.rules \
    --events "$WORK/corpus.jsonl" --seconds "$SECS"
fi
if python3 -c "import suricataparser" 2>/dev/null; then
  echo "== peer: python suricataparser parsing the same $RULES rules"
  python3 - "$WORK/et-shaped.rules" <<'PY'
import sys, time
from suricataparser import parse_file
t = time.perf_counter()
rules = parse_file(sys.argv[1])
print(f"suricataparser: {len(rules)} rules parsed in {time.perf_counter() - t:.2f} s (syntax only, no matcher built)")
PY
else
  echo "== peer: python suricataparser not installed (pip install suricataparser==1.0.0); skipped"
fi
