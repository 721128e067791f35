"""MitsuWeb's nginx persona (the default) against a real Debian nginx 1.22.1 started for the test (its
own config with Debian's default-site settings, loopback port, stopped at the end): the same raw
requests to both, answers compared with Date, ETag and Last-Modified masked."""
import os
import socket

import pytest

import real_nginx
from conftest import Sensor, free_port_base
from test_web_apache import exchange, free_port, normalised

pytestmark = pytest.mark.skipif(not real_nginx.available(), reason="nginx not installed")

CONFIG = """
honeypots:
  trap: {enabled: false}
  telnet: {enabled: false}
  ssh: {enabled: false}
  web:
    listen: ["127.0.0.1"]
    tcp_ports: [8080]
    https_ports: []
    hostname: shop-web01
"""


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    base = tmp_path_factory.mktemp("nginx")
    for d in (base, base.parent, base.parent.parent):
        os.chmod(d, 0o755)
    mitsu = Sensor(base, CONFIG, free_port_base(), worker="web").start()
    port = free_port()
    nginx = real_nginx.start(str(base), port)
    try:
        yield {"mitsu": 8080 + mitsu.offset, "nginx": port}
    finally:
        real_nginx.stop(nginx)
        mitsu.stop()
    assert nginx.poll() is not None, "nginx left running"


REQUESTS = [
    ("default page", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", 1),
    ("404", b"GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1),
    ("404 HTTP/1.0", b"GET /nope HTTP/1.0\r\n\r\n", 1),
    ("400 bad request line", b"GARBAGE\r\n\r\n", 1),
    ("400 no Host", b"GET / HTTP/1.1\r\n\r\n", 1),
    ("400 bad Content-Length", b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 1),
    ("400 above the root", b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", 1),
    ("400 header too large", b"GET / HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 9000 + b"\r\n\r\n", 1),
    ("405 POST to a static page", b"POST /index.nginx-debian.html HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 1),
    ("413", b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n", 1),
    ("414", b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 1),
    ("501 unknown Transfer-Encoding", b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 1),
    ("405 DELETE", b"DELETE /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1),
    ("405 OPTIONS", b"OPTIONS / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1),
    ("505", b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 1),
    ("keep-alive", b"GET /nope HTTP/1.1\r\nHost: x\r\n\r\n" * 2 + b"GET /nope HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 3),
]


@pytest.mark.parametrize("name,raw,count", REQUESTS, ids=[r[0] for r in REQUESTS])
def test_mitsu_answers_like_debians_nginx(servers, name, raw, count):
    real = [normalised(r) for r in exchange(servers["nginx"], raw, count)]
    ours = [normalised(r) for r in exchange(servers["mitsu"], raw, count)]
    assert ours == real


def test_head_of_an_error(servers):
    raw = b"HEAD /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    real = normalised(exchange(servers["nginx"], raw, head_only=True)[0])
    assert normalised(exchange(servers["mitsu"], raw, head_only=True)[0]) == real
