#!/usr/bin/env bash
# Builds every libFuzzer target with swiftc (a SwiftPM executable clashes with libFuzzer's own main) and
# runs each for SECONDS (default 20) from its seed corpus. Exits non-zero on the first crash, leak or
# timeout; the crashing input is kept under .fuzz/NAME/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-20}
OUT=.fuzz
mkdir -p "$OUT"

# target name: driver file and the sources it links (kept free of package dependencies on purpose).
declare -A SOURCES
# Files that `import MitsuCore`, which a one-module swiftc build cannot resolve, are compiled from copies
# without that line (the MitsuCore files they use are linked in beside them): core_free_copies DIR FILES…
core_free_copies() {
  local dir=$1; shift
  rm -rf "$dir" && mkdir -p "$dir"
  for f in "$@"; do sed '/^import MitsuCore$/d' "$f" > "$dir/$(basename "$f")"; done
}
# Events/ needs Support/Lock.swift (SessionID's counter); targets that list Lock.swift themselves already have it.
SOURCES[event-decoder]="Fuzz/EventDecoderFuzz.swift $(ls Sources/MitsuCore/Events/*.swift | tr '\n' ' ') Sources/MitsuCore/Support/Lock.swift"
SOURCES[ssh-parsers]="Fuzz/SSHParsersFuzz.swift Sources/MitsuSSH/Wire/SSHReader.swift Sources/MitsuSSH/Wire/SSHWriter.swift Sources/MitsuSSH/Transport/KexInit.swift Sources/MitsuSSH/Transport/Identification.swift Sources/MitsuSSH/Transport/SSHMessage.swift Sources/MitsuSSH/Transport/PacketProtection.swift Sources/MitsuCore/Support/RandomBytes.swift Sources/MitsuSSH/Auth/UserauthRequest.swift Sources/MitsuSSH/Connection/ConnectionMessage.swift Sources/MitsuCore/Support/ShellProgram.swift Sources/MitsuCore/Support/Lock.swift $(ls Sources/MitsuCore/Events/*.swift | tr '\n' ' ')"
SOURCES[telnet]="Fuzz/TelnetFuzz.swift Sources/MitsuTelnet/TelnetOption.swift Sources/MitsuTelnet/TelnetSession.swift Sources/MitsuCore/Auth/LoginPolicy.swift Sources/MitsuCore/Support/ShellProgram.swift Sources/MitsuCore/Support/Lock.swift $(ls Sources/MitsuCore/Events/*.swift | tr '\n' ' ')"
SOURCES[sftp]="Fuzz/SFTPFuzz.swift Sources/MitsuShell/SFTP/SFTPWire.swift"
SOURCES[ssh-crypto]="Fuzz/SSHCryptoFuzz.swift $(ls Sources/MitsuSSH/Crypto/*.swift | tr '\n' ' ')"
# MitsuShell (issue 4): the shell language layer, Foundation-free on purpose.
# MitsuFetch: the download client's FTP reply parser (the server is the attacker's).
SOURCES[ftp-client]="Fuzz/FTPClientFuzz.swift Sources/MitsuFetch/FTPReplyParser.swift"
SOURCES[shell-parser]="Fuzz/ShellParserFuzz.swift $(ls Sources/MitsuShell/Language/*.swift | tr '\n' ' ')"
# MitsuServices (Dionaea's protocols): each session with the core files it needs.
CORE_EVENTS="$(ls Sources/MitsuCore/Events/*.swift | tr '\n' ' ') Sources/MitsuCore/Auth/LoginPolicy.swift Sources/MitsuCore/Support/Lock.swift Sources/MitsuCore/Support/RandomBytes.swift"
SVC_COMMON="Sources/MitsuServices/Common/ServiceContext.swift Sources/MitsuServices/Common/ServiceOutput.swift Sources/MitsuServices/Common/ByteReader.swift"
SOURCES[ftp]="Fuzz/FTPFuzz.swift $(ls Sources/MitsuServices/FTP/FTP{Session,Tree,DataAddress,Reply}.swift | tr '\n' ' ') $SVC_COMMON $CORE_EVENTS"
SOURCES[tftp]="Fuzz/TFTPFuzz.swift Sources/MitsuServices/TFTP/TFTPPacket.swift Sources/MitsuServices/TFTP/TFTPTransfer.swift $SVC_COMMON $CORE_EVENTS"
SOURCES[mysql]="Fuzz/MySQLFuzz.swift Sources/MitsuServices/MySQL/MySQLSession.swift Sources/MitsuServices/MySQL/MySQLPackets.swift $SVC_COMMON $CORE_EVENTS"
SOURCES[mssql]="Fuzz/MSSQLFuzz.swift $(ls Sources/MitsuServices/MSSQL/{TDSMessages,TDSTokens,MSSQLSession}.swift | tr '\n' ' ') $SVC_COMMON $CORE_EVENTS"
SOURCES[smb]="Fuzz/SMBFuzz.swift $(ls Sources/MitsuServices/SMB/*.swift | grep -v SMBHoneypot | tr '\n' ' ') $SVC_COMMON $CORE_EVENTS"
SOURCES[sip]="Fuzz/SIPFuzz.swift $(ls Sources/MitsuServices/SIP/{SIPMessage,SIPDigest,SIPPersona,SIPSession,MD5}.swift | tr '\n' ' ') $SVC_COMMON $CORE_EVENTS"
if [ -f Fuzz/MMDBReaderFuzz.swift ]; then
  SOURCES[mmdb-reader]="Fuzz/MMDBReaderFuzz.swift $(ls Sources/MitsuEnrich/*.swift | tr '\n' ' ') Sources/MitsuCore/Support/ByteSearch.swift Sources/MitsuCore/Support/Lock.swift $(ls Sources/MitsuCore/Events/*.swift | tr '\n' ' ')"
fi
# MitsuWeb: the HTTP parser, and the classifier (decoders, request views, shipped rules).
SOURCES[web-parser]="Fuzz/WebParserFuzz.swift $(ls Sources/MitsuWeb/HTTP/HTTPRequest*.swift Sources/MitsuWeb/HTTP/HTTPLimits.swift | tr '\n' ' ')"
# The classifier uses MitsuCore's multi-pattern matcher and byte search.
core_free_copies "$OUT/web-src" Sources/MitsuWeb/Classifier/*.swift
SOURCES[web-classifier]="Fuzz/WebClassifierFuzz.swift $(ls Sources/MitsuWeb/HTTP/HTTPRequest*.swift Sources/MitsuWeb/HTTP/HTTPLimits.swift "$OUT"/web-src/*.swift | tr '\n' ' ') Sources/MitsuCore/Support/MultiPatternMatcher.swift Sources/MitsuCore/Support/ByteSearch.swift"
# MitsuCore: the TLS ClientHello parser behind JA3/JA4 (web HTTPS ports, trap payloads).
SOURCES[tls-client-hello]="Fuzz/TLSClientHelloFuzz.swift Sources/MitsuCore/TLS/TLSClientHello.swift"
# MitsuCore: the trap's protocol detector (one recogniser per file; the Event mapping, which hashes, is left out).
SOURCES[protocol-detector]="Fuzz/ProtocolDetectorFuzz.swift $(ls Sources/MitsuCore/Protocols/*.swift | grep -v 'Event+' | tr '\n' ' ') Sources/MitsuCore/TLS/TLSClientHello.swift"

# MitsuIDS: the rule parser and the matcher (its files import MitsuCore).
core_free_copies "$OUT/ids-src" $(find Sources/MitsuIDS -name '*.swift' ! -name MitsuRuleset.swift)
IDS_SOURCES="$(ls "$OUT"/ids-src/*.swift | tr '\n' ' ') Sources/MitsuCore/Config/IPText.swift Sources/MitsuCore/Support/Lock.swift Sources/MitsuCore/Support/BoundedCache.swift Sources/MitsuCore/Support/MultiPatternMatcher.swift $(ls Sources/MitsuCore/Events/*.swift | tr '\n' ' ')"
SOURCES[ids-rule-parser]="Fuzz/IDSRuleParserFuzz.swift $IDS_SOURCES"
SOURCES[ids-matcher]="Fuzz/IDSMatcherFuzz.swift $IDS_SOURCES"
# swift-corelibs-foundation leaks ~600 bytes inside _CFRegularExpressionCreate for every pattern ICU
# rejects (not our allocation); the rule parser's fuzzer feeds it such patterns on purpose.
declare -A EXTRA ENVS
EXTRA[ids-rule-parser]="-detect_leaks=0"
ENVS[ids-rule-parser]="ASAN_OPTIONS=detect_leaks=0"

# Two at a time (the machines have two cores): first every build, then every run.
JOBS=${FUZZ_JOBS:-2}
# The smoke run in `make test` builds unoptimised (FUZZ_OPT=-Onone): twice as fast to compile, and a short
# run finds the same shallow bugs; a long hunt should use the default -O.
OPT=${FUZZ_OPT:--O}

build_one() {
  local name=$1
  mkdir -p "$OUT/$name/corpus" "$OUT/$name/crashes"
  # shellcheck disable=SC2086
  if ! swiftc $OPT -g -sanitize=fuzzer,address -parse-as-library -module-name MitsuFuzz -o "$OUT/$name/fuzz" ${SOURCES[$name]} \
      > "$OUT/$name/build.log" 2>&1; then
    echo "fuzz: building $name FAILED" >&2
    cat "$OUT/$name/build.log" >&2
    return 1
  fi
  echo "fuzz: built $name"
}

run_one() {
  local name=$1 seeds="Fuzz/corpus/$1"
  [ -d "$seeds" ] || seeds=""
  # shellcheck disable=SC2086
  if ! env ${ENVS[$name]:-} "$OUT/$name/fuzz" ${EXTRA[$name]:-} -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=10 \
      -rss_limit_mb=2048 -artifact_prefix="$OUT/$name/crashes/" "$OUT/$name/corpus" $seeds > "$OUT/$name/log" 2>&1; then
    echo "fuzz: $name FAILED; see $OUT/$name/log and $OUT/$name/crashes/" >&2
    tail -30 "$OUT/$name/log" >&2
    return 1
  fi
  echo "fuzz: $name ran ${SECONDS_EACH}s: $(grep -E '^#[0-9]+.*(DONE|pulse)' "$OUT/$name/log" | tail -1)"
}

# Runs `$1 NAME` for every target, JOBS at a time; fails if any failed.
each() {
  local fn=$1 failed=0 pids=() name
  for name in "${!SOURCES[@]}"; do
    "$fn" "$name" &
    pids+=($!)
    if (( ${#pids[@]} >= JOBS )); then
      wait "${pids[0]}" || failed=1
      pids=("${pids[@]:1}")
    fi
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  return $failed
}

each build_one || exit 1
status=0
each run_one || status=1
exit $status
