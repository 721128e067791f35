"""Shared by the dashboard tests: a sensor with SSH and web honeypots and the dashboard, the admin
password it printed on first run, logged-in HTTP sessions, and real attacker traffic."""
import http.client
import os
import re
import socket
import time
import urllib.parse

import requests

from conftest import Sensor, free_port_base, mitsu, wait_for

CONFIG = """
sensor:
  name: dash-test
honeypots:
  trap:
    enabled: false
  telnet:
    enabled: false
  ssh:
    tcp_ports: [2222]
    hostname: web01
    auth_rules: ["root:123456", "*:!*"]
    accept_after: 0
  web:
    tcp_ports: [8080]
    https_ports: [8443]
"""


def dashboard_port(offset, port=64297):
    """Mirrors DashboardConfig.effectivePort: port + offset, folded into 1024..65535."""
    p = port + offset
    return p if p <= 65535 else 1024 + (p - 1024) % (65536 - 1024)


def free_offset():
    for _ in range(100):
        base = free_port_base()
        socks = []
        try:
            for p in (base + 2222, base + 8080, base + 8443, dashboard_port(base)):
                s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
                socks.append(s)
                s.bind(("::", p))
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free port offset")


def start_sensor(tmp, config=CONFIG, offset=None):
    for d in (tmp, tmp.parent, tmp.parent.parent):
        os.chmod(d, 0o755)
    return attach_dashboard(Sensor(tmp, config, offset if offset is not None else free_offset(), worker="ssh").start())


def attach_dashboard(s):
    """Sets s.dashboard (its URL) and s.admin_password (printed once at the first start) on a started
    Sensor. The URL file can be written before the password line reaches the log: wait for both."""
    url_file = os.path.join(s.data, "run", "dashboard.url")
    assert wait_for(lambda: os.path.exists(url_file), 20), s.log()
    s.dashboard = open(url_file).read().strip().rstrip("/")
    m = wait_for(lambda: re.search(r"created user admin with password (\S+)", s.log()), 10)
    assert m, s.log()
    s.admin_password = m.group(1)
    return s


def login(sensor, user="admin", password=None):
    """A requests.Session logged in through the real form; returns (session, csrf token)."""
    http_ = requests.Session()
    page = http_.get(sensor.dashboard + "/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    r = http_.post(sensor.dashboard + "/login", data={"username": user, "password": password or sensor.admin_password,
                                                       "csrf": token, "next": "/"}, allow_redirects=False)
    assert r.status_code == 303, (r.status_code, r.text[:300])
    overview = http_.get(sensor.dashboard + "/")
    csrf = re.search(r'<input type="hidden" name="csrf" value="([^"]+)"', overview.text).group(1)
    return http_, csrf


def ssh_login(sensor, username, password="x", command=None):
    """A real SSH client (paramiko) trying a login; with `command`, logs in as root and runs it."""
    import paramiko
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    try:
        if command is None:
            try:
                c.connect("127.0.0.1", 2222 + sensor.offset, username=username, password=password, timeout=15,
                          allow_agent=False, look_for_keys=False)
            except paramiko.AuthenticationException:
                pass
        else:
            c.connect("127.0.0.1", 2222 + sensor.offset, username="root", password="123456", timeout=15,
                      allow_agent=False, look_for_keys=False)
            _, out, _ = c.exec_command(command, timeout=15)
            return out.read()
    finally:
        c.close()


def raw_http(sensor, path, user_agent):
    """An HTTP request with the path sent byte for byte (requests would percent-encode < and >)."""
    conn = http.client.HTTPConnection("127.0.0.1", 8080 + sensor.offset, timeout=10)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    conn.putheader("User-Agent", user_agent)
    conn.endheaders()
    conn.getresponse().read()
    conn.close()


def api(http_, sensor, path, **params):
    r = http_.get(sensor.dashboard + path, params=params)
    assert r.status_code == 200, (path, r.status_code, r.text[:300])
    return r.json()
