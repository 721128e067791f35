"""JA3/JA4 of real TLS clients (curl, openssl s_client, python ssl): MitsuWeb's `tls.client_hello` on an
HTTPS port and the trap's `payload` on any port. Wireshark's tshark is the independent JA3 peer: it reads
the exact ClientHello bytes (the trap keeps them; for the web port the same client command is captured by
a plain socket) from a pcap this test writes, and its JA3 string must equal Mitsu's."""
import base64
import os
import shutil
import socket
import struct
import subprocess
import threading

import pytest

from conftest import Sensor, free_port_base, wait_for

pytestmark = pytest.mark.skipif(shutil.which("tshark") is None, reason="needs tshark (apt-get install tshark)")

CONFIG = """
honeypots:
  telnet:
    enabled: false
  ssh:
    enabled: false
  trap:
    tcp_ports: [4443]
    payload_cap: 16KiB
    read_timeout_seconds: 2
  web:
    tcp_ports: []
    https_ports: [8443]
"""


def pcap_with(payload, path):
    """One Ethernet/IPv4/TCP packet to port 443 carrying `payload`, as a pcap file tshark can dissect."""
    tcp = struct.pack("!HHIIBBHHH", 50000, 443, 1, 0, 5 << 4, 0x18, 65535, 0, 0)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp) + len(payload), 1, 0, 64, 6, 0,
                     socket.inet_aton("192.0.2.1"), socket.inet_aton("192.0.2.2"))
    frame = b"\x00" * 12 + b"\x08\x00" + ip + tcp + payload
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        f.write(struct.pack("<IIII", 0, 0, len(frame), len(frame)) + frame)


def tshark_ja3(payload, tmp_path):
    path = tmp_path / "hello.pcap"
    pcap_with(payload, path)
    out = subprocess.run(["tshark", "-r", str(path), "-T", "fields", "-e", "tls.handshake.ja3_full", "-e", "tls.handshake.ja3"],
                         capture_output=True, text=True, timeout=60).stdout.strip()
    full, digest = out.split("\t")
    return full, digest


def first_bytes_of(command_for_port):
    """What a client sends first: runs the client against a socket that records and then closes."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    got = []

    def accept():
        c, _ = srv.accept()
        c.settimeout(3)
        data = b""
        try:
            while len(data) < 5 or len(data) < 5 + int.from_bytes(data[3:5], "big"):
                chunk = c.recv(65536)
                if not chunk:
                    break
                data += chunk
        finally:
            got.append(data)
            c.close()

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    subprocess.run(command_for_port(srv.getsockname()[1]), capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    t.join(5)
    srv.close()
    return got[0]


CLIENTS = {
    "curl": lambda port: ["curl", "-sk", "--max-time", "5", f"https://127.0.0.1:{port}/"],
    "openssl": lambda port: ["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-servername", "shop.example"],
}


# Trap sessions already checked, so each client's test looks at its own connection.
seen_sessions = set()


@pytest.fixture(scope="module")
def sensor(tmp_path_factory):
    base = tmp_path_factory.mktemp("tls")
    for d in (base, base.parent, base.parent.parent):
        os.chmod(d, 0o755)
    s = Sensor(base, CONFIG, free_port_base()).start()
    yield s
    s.stop()


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_trap_payload_ja3_equals_tsharks(sensor, client, tmp_path):
    subprocess.run(CLIENTS[client](4443 + sensor.offset), capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    events = wait_for(lambda: [e for e in sensor.events(event="payload", honeypot="trap") if e.get("tls")
                               and e["dest_port"] == 4443 + sensor.offset and e["session"] not in seen_sessions], 15)
    assert events, sensor.events(event="payload")
    e = events[-1]
    seen_sessions.add(e["session"])
    full, digest = tshark_ja3(base64.b64decode(e["payload"]["b64"]), tmp_path)
    assert e["tls"]["ja3"] == full and e["tls"]["ja3_hash"] == digest, (e["tls"], full)
    assert e["tls"]["ja4"].startswith("t1"), e["tls"]
    if client == "openssl":
        assert e["tls"]["sni"] == "shop.example" and e["tls"]["ja4"][3] == "d"



@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_web_https_client_hello_is_fingerprinted_like_tshark_does(sensor, client, tmp_path):
    full, digest = tshark_ja3(first_bytes_of(CLIENTS[client]), tmp_path)
    subprocess.run(CLIENTS[client](8443 + sensor.offset), capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    hellos = wait_for(lambda: [e for e in sensor.events(event="tls.client_hello") if e["tls"]["ja3"] == full], 15)
    assert hellos, (full, sensor.events(event="tls.client_hello"))
    h = hellos[-1]
    assert h["tls"]["ja3_hash"] == digest and h["protocol"] == "https" and h["honeypot"] == "web"
    assert h["tls"]["version"] == "1.3"
    if client == "curl":
        # The handshake completes: the request on that connection shares the hello's session.
        req = wait_for(lambda: [e for e in sensor.events(event="http.request") if e["session"] == h["session"]], 10)
        assert req and req[0]["protocol"] == "https"
        assert h["tls"]["alpn"] in ("h2", "http/1.1") and h["tls"]["ja4"][3] == "i", h["tls"]


def test_not_a_client_hello_on_the_https_port_is_a_protocol_error(sensor):
    with socket.create_connection(("127.0.0.1", 8443 + sensor.offset), timeout=5) as s:
        s.sendall(b"\x16\x03\x01\x00\x05\x02\x00\x00\x01\x00")
        try:
            s.recv(100)
        except OSError:
            pass
    errors = wait_for(lambda: [e for e in sensor.events(event="protocol.error") if "tls: handshake type 2" in e.get("message", "")], 10)
    assert errors and errors[0]["honeypot"] == "web"
