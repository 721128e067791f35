"""MitsuWeb's Apache persona against a real Debian apache2 started for the test (throwaway config in a
temporary directory, loopback port, stopped at the end): the same raw requests to both, and the answers
compared — status line, header names and order, header values, error-page bodies, keep-alive — with only
what legitimately varies masked (Date, ETag, Last-Modified, the version number in Server)."""
import os
import re
import socket

import pytest

import real_apache
from conftest import Sensor, free_port_base

pytestmark = pytest.mark.skipif(not real_apache.available(), reason="apache2 not installed (scripts/install-test-deps.sh)")

CONFIG = """
honeypots:
  trap: {enabled: false}
  telnet: {enabled: false}
  ssh: {enabled: false}
  web:
    listen: ["127.0.0.1"]
    tcp_ports: [8080]
    https_ports: []
    persona: apache
    hostname: shop-web01
"""


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    base = tmp_path_factory.mktemp("apache")
    for d in (base, base.parent, base.parent.parent):
        os.chmod(d, 0o755)
    mitsu = Sensor(base, CONFIG, free_port_base(), worker="web").start()
    port = free_port()
    apache = real_apache.start(str(base), port, "shop-web01")
    try:
        yield {"mitsu": 8080 + mitsu.offset, "apache": port}
    finally:
        real_apache.stop(apache)
        mitsu.stop()
    assert apache.poll() is not None, "apache2 left running"


class Reader:
    """Responses one at a time from a socket, keeping what arrived beyond the current one."""

    def __init__(self, sock):
        self.sock = sock
        self.buffer = b""

    def fill(self, predicate):
        while not predicate():
            chunk = self.sock.recv(65536)
            if not chunk:
                return False
            self.buffer += chunk
        return True

    def response(self, head_only=False):
        """One response: the head, then Content-Length bytes of body (none for HEAD)."""
        if not self.fill(lambda: b"\r\n\r\n" in self.buffer):
            out, self.buffer = self.buffer, b""
            return out
        head, rest = self.buffer.split(b"\r\n\r\n", 1)
        m = re.search(rb"\r\nContent-Length: (\d+)", head)
        length = int(m.group(1)) if m and not head_only else 0
        self.buffer = rest
        self.fill(lambda: len(self.buffer) >= length)
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return head + b"\r\n\r\n" + body


def exchange(port, raw, count=1, head_only=False):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(raw)
        reader = Reader(s)
        return [reader.response(head_only) for _ in range(count)]


def normalised(response):
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    out = [lines[0]]
    for line in lines[1:]:
        name, _, value = line.partition(": ")
        if name in ("Date", "ETag", "Last-Modified"):
            value = "*"
        elif name == "Allow":
            value = ",".join(sorted(value.split(","))) if value else ""
        out.append(f"{name}: {value}")
    text = "\r\n".join(out) + "\r\n\r\n" + body.decode("latin-1")
    return re.sub(r"Apache/2\.4\.\d+ \(Debian\)", "Apache/2.4.x (Debian)", text)


REQUESTS = [
    ("default page", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", 1),
    ("404", b"GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1),
    ("404 with a port in Host", b"GET /nope HTTP/1.1\r\nHost: x:8080\r\nConnection: close\r\n\r\n", 1),
    ("404 HTTP/1.0", b"GET /nope HTTP/1.0\r\n\r\n", 1),
    ("403 .htaccess", b"GET /.htaccess HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1),
    ("400 bad request line", b"GARBAGE\r\n\r\n", 1),
    ("400 no Host", b"GET / HTTP/1.1\r\n\r\n", 1),
    ("400 bad Content-Length", b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 1),
    ("400 unknown Transfer-Encoding", b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 1),
    ("400 above the root", b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", 1),
    ("400 header too large", b"GET / HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 9000 + b"\r\n\r\n", 1),
    ("413", b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n", 1),
    ("414", b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 1),
    ("405 DELETE", b"DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1),
    ("405 PUT", b"PUT /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 1),
    ("405 TRACE (TraceEnable Off)", b"TRACE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1),
    ("501 unknown method", b"FOO /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1),
    ("OPTIONS", b"OPTIONS / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1),
    ("POST to the default page", b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 1),
    ("keep-alive countdown", b"GET /nope HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n" * 2
     + b"GET /nope HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n", 4),
]


@pytest.mark.parametrize("name,raw,count", REQUESTS, ids=[r[0] for r in REQUESTS])
def test_mitsu_answers_like_debians_apache(servers, name, raw, count):
    real = [normalised(r) for r in exchange(servers["apache"], raw, count)]
    ours = [normalised(r) for r in exchange(servers["mitsu"], raw, count)]
    assert ours == real


def test_head_of_an_error_has_no_length(servers):
    raw = b"HEAD /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    real = normalised(exchange(servers["apache"], raw, head_only=True)[0])
    assert "Content-Length" not in real
    assert normalised(exchange(servers["mitsu"], raw, head_only=True)[0]) == real
