#!/bin/sh
# bench/shell: the fake host's interpreter (MitsuShell) alone — command lines per second over the bot
# command corpus the corpus test replays (Tests/MitsuShellTests/Fixtures/bot-commands.txt, each line an
# exec session: parse, expand, run against the copy-on-write filesystem), and RSS per live interactive
# session (a few typical commands run, then left at the prompt). No pacing, no network; release build.
#   bench/shell/run.sh [ROUNDS] [SESSIONS]   (defaults 20 1000)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
[ -x .build/release/mitsu ] || swift build -c release --product mitsu
corpus=Tests/MitsuShellTests/Fixtures/bot-commands.txt
echo "corpus: $(grep -cv '^#' "$corpus") lines ($corpus)"
exec .build/release/mitsu bench shell --corpus "$corpus" --rounds "${1:-20}" --sessions "${2:-1000}"
