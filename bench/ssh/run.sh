#!/bin/sh
# SSH honeypot cost against Cowrie (pip install cowrie; it refuses root, so it runs as an unprivileged
# user): CPU per handshake+auth, memory per idle pre-auth session and per shell. See bench.py.
#   bench/ssh/run.sh [--logins N] [--idle N] [--shells N]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
venv=${COWRIE_VENV:-/opt/cowrie-venv}
user=${COWRIE_USER:-mitsubench}
[ -x .build/release/mitsu ] || swift build -c release --product mitsu
if [ ! -x "$venv/bin/twistd" ]; then
    # Debian's python3 (not one under /root): Cowrie runs as an unprivileged user that must reach it.
    [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import venv, ensurepip" 2>/dev/null \
        || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    /usr/bin/python3 -m venv "$venv"
    "$venv/bin/pip" install -q cowrie==3.1.4
fi
id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
python3 -c "import paramiko" 2>/dev/null || pip install -q paramiko
exec python3 bench/ssh/bench.py --mitsu "$root/.build/release/mitsu" --cowrie-venv "$venv" --cowrie-user "$user" "$@"
