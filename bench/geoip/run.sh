#!/bin/sh
# Builds and runs the GeoIP lookup benchmark without SwiftPM (the module is compiled straight into the
# benchmark, like the fuzzers), so it can run while the package itself is being built or edited.
#   bench/geoip/run.sh [DB] [--count N] [--seconds S]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${MITSU_BENCH_BUILD:-"$root/.build-bench"}
mkdir -p "$out"
swiftc -O -wmo -parse-as-library -module-name GeoIPBench -o "$out/geoip-bench" \
    "$root/bench/geoip/GeoIPBench.swift" \
    "$root"/Sources/MitsuEnrich/*.swift \
    "$root"/Sources/MitsuCore/Events/*.swift
cd "$root"
exec "$out/geoip-bench" "$@"
