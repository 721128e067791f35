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

# Real SSH peers: OpenSSH client and server (the fingerprint test compares against a real sshd), sshpass
# to give the client a password, nmap for ssh2-enum-algos, paramiko and asyncssh from PyPI.
need_apt=()
command -v ssh >/dev/null 2>&1 || need_apt+=(openssh-client)
[ -x /usr/sbin/sshd ] || need_apt+=(openssh-server)
command -v sshpass >/dev/null 2>&1 || need_apt+=(sshpass)
command -v nmap >/dev/null 2>&1 || need_apt+=(nmap)
command -v telnet >/dev/null 2>&1 || need_apt+=(telnet)
command -v hydra >/dev/null 2>&1 || need_apt+=(hydra)
command -v medusa >/dev/null 2>&1 || need_apt+=(medusa)
command -v ncrack >/dev/null 2>&1 || need_apt+=(ncrack)
command -v dropbear >/dev/null 2>&1 || need_apt+=(dropbear-bin)
if ((${#need_apt[@]})) && [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
python3 -c "import paramiko, asyncssh, pexpect" 2>/dev/null || python3 -m pip install --quiet paramiko asyncssh pexpect
python3 -c "import asciinema" 2>/dev/null || python3 -m pip install --quiet asciinema

# MitsuServices (Dionaea's protocols): lftp, curl and tftp-hpa for FTP/TFTP, the Debian mariadb client,
# pymysql, python-tds and impacket from PyPI.
need_apt=()
command -v lftp >/dev/null 2>&1 || need_apt+=(lftp)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
command -v tftp >/dev/null 2>&1 || need_apt+=(tftp-hpa)
[ -x /usr/sbin/in.tftpd ] || need_apt+=(tftpd-hpa)  # MitsuFetch: a real TFTP server for tftp downloads
command -v mariadb >/dev/null 2>&1 || need_apt+=(mariadb-client)
# MitsuWeb: openssl (certificate subject), sqlmap, wapiti, python requests (curl and nmap above).
command -v sqlmap >/dev/null 2>&1 || need_apt+=(sqlmap)
command -v wapiti >/dev/null 2>&1 || need_apt+=(wapiti)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
# The Apache persona is compared with a real Debian apache2 (started by the test on a loopback port
# with its own throwaway config; the package's own service is not needed).
[ -x /usr/sbin/apache2 ] || need_apt+=(apache2)
# The nginx persona (the default) likewise against a real Debian nginx (test_web_nginx.py, real_nginx.py).
[ -x /usr/sbin/nginx ] || need_apt+=(nginx)
# TLS fingerprints: Wireshark's tshark computes JA3 independently from the same ClientHello bytes.
command -v tshark >/dev/null 2>&1 || need_apt+=(tshark)
if ((${#need_apt[@]})) && [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  # On a host with systemd the packages start their own apache2 and nginx on port 80: the tests need
  # none running.
  if command -v systemctl >/dev/null 2>&1; then
    for service in apache2 nginx; do
      if [[ " ${need_apt[*]} " == *" $service "* ]]; then systemctl disable --now "$service" >/dev/null 2>&1 || true; fi
    done
  fi
fi
python3 -c "import pymysql, pytds, impacket" 2>/dev/null || python3 -m pip install --quiet pymysql python-tds impacket
python3 -c "import requests" 2>/dev/null || python3 -m pip install --quiet requests

# MitsuServices SIP: sipsak (Debian), hashcat with pocl's CPU OpenCL (cracks the captured digest line),
# and sipvicious (svmap, svwar) from PyPI. MitsuDashboard: headless Chromium driven by selenium for the
# browser tests (login, live feed, XSS).
need_apt=()
command -v sipsak >/dev/null 2>&1 || need_apt+=(sipsak)
command -v hashcat >/dev/null 2>&1 || need_apt+=(hashcat pocl-opencl-icd)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
if ((${#need_apt[@]})) && [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
command -v sipvicious_svwar >/dev/null 2>&1 || python3 -m pip install --quiet sipvicious
# Trap protocol detection (Tests/Interop/test_protocol_detection.py): redis-cli, mosquitto_pub, dig, adb
# from Debian; the docker SDK from PyPI (its APIClient only, no daemon needed).
need_apt=()
command -v redis-cli >/dev/null 2>&1 || need_apt+=(redis-tools)
command -v mosquitto_pub >/dev/null 2>&1 || need_apt+=(mosquitto-clients)
command -v dig >/dev/null 2>&1 || need_apt+=(bind9-dnsutils)
command -v adb >/dev/null 2>&1 || need_apt+=(adb)
if ((${#need_apt[@]})) && [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
python3 -c "import docker" 2>/dev/null || python3 -m pip install --quiet docker
# MitsuFetch: a real FTP server on loopback for ftpget / wget ftp:// / curl ftp:// downloads.
python3 -c "import pyftpdlib" 2>/dev/null || python3 -m pip install --quiet pyftpdlib
python3 -c "import selenium" 2>/dev/null || python3 -m pip install --quiet selenium
# MitsuDashboard: the API is checked against docs/openapi.yaml.
command -v schemathesis >/dev/null 2>&1 || python3 -m pip install --quiet schemathesis
# MitsuDashboard world map: scripts/make-worldmap.py (run by a developer, not by the build) reads Natural
# Earth's shapefile with pyshp and maps ISO 3166 alpha-3 to alpha-2 with Debian's iso-codes. The map
# browser test finds its countries with the maxminddb-geolite2 database installed above.
dpkg -s iso-codes >/dev/null 2>&1 || { [ "$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends iso-codes >/dev/null; } || true
python3 -c "import shapefile" 2>/dev/null || python3 -m pip install --quiet pyshp
