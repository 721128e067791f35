#!/usr/bin/env bash
# The classifier alone, single thread, -O: RequestView + every rule of the shipped rules file over the
# labelled corpus (Tests/MitsuWebTests/Corpus, attacks and benign). Usage: bench/web/classify.sh [ROUNDS] [SRC]
# SRC is a checkout whose Sources/MitsuWeb is measured (default: this one), for before/after figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-20}
SRC=${2:-.}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
# One module: the classifier's files lose `import MitsuCore` and its multi-pattern matcher joins them.
mkdir -p "$OUT/src"
for f in "$SRC"/Sources/MitsuWeb/Classifier/*.swift; do sed '/^import MitsuCore$/d' "$f" > "$OUT/src/$(basename "$f")"; done
MATCHER=$(ls "$SRC"/Sources/MitsuCore/Support/{MultiPatternMatcher,ByteSearch}.swift 2>/dev/null || true)
swiftc -O -parse-as-library -module-name ClassifyBench -o "$OUT/classify" bench/web/ClassifyBench.swift \
  $(ls "$SRC"/Sources/MitsuWeb/HTTP/HTTPRequest*.swift "$SRC"/Sources/MitsuWeb/HTTP/HTTPLimits.swift "$OUT"/src/*.swift) $MATCHER
"$OUT/classify" Tests/MitsuWebTests/Corpus "$SRC/Sources/MitsuWeb/Rules/web.rules" "$ROUNDS"
