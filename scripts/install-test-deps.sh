#!/usr/bin/env bash
# Installs what the test suite needs on a Debian machine. Idempotent and quick when all is present.
set -euo pipefail

need_apt=()
command -v iptables >/dev/null 2>&1 || need_apt+=(iptables)
command -v ip >/dev/null 2>&1 || need_apt+=(iproute2)
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need_apt+=(libsqlite3-dev)
dpkg -s zlib1g-dev >/dev/null 2>&1 || need_apt+=(zlib1g-dev)
if ((${#need_apt[@]})); then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "install-test-deps: please install: ${need_apt[*]} (sudo apt-get install ...)" >&2
  fi
fi

python3 - <<'PY' || python3 -m pip install --quiet pytest maxminddb maxminddb-geolite2 mmdb-writer
import importlib.util, sys
mods = ["pytest", "maxminddb", "_maxminddb_geolite2", "mmdb_writer"]
sys.exit(0 if all(importlib.util.find_spec(m) for m in mods) else 1)
PY
