#!/bin/sh
# Builds and runs the protocol-detection benchmark without SwiftPM (the detector is compiled straight into
# the benchmark, like the fuzzers), so it can run while the package is being built.
#   bench/protocols/run.sh [--seconds S]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${MITSU_BENCH_BUILD:-"$root/.build-bench"}
mkdir -p "$out"
swiftc -O -wmo -parse-as-library -module-name ProtocolDetectBench -o "$out/protocol-detect-bench" \
    "$root/bench/protocols/ProtocolDetectBench.swift" \
    $(ls "$root"/Sources/MitsuCore/Protocols/*.swift | grep -v 'Event+') \
    "$root/Sources/MitsuCore/TLS/TLSClientHello.swift"
exec "$out/protocol-detect-bench" "$@"
