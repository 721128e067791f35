"""Tests that need their own network: all-port mode with iptables REDIRECT + SO_ORIGINAL_DST, and a
burst of 512 simultaneous connects. Each runs in network namespaces the test creates (root only); no
packet leaves them."""
import hashlib
import os
import shlex
import socket
import subprocess
import time
import uuid

import pytest

from conftest import MITSU, Sensor, wait_for

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces need root")

SENSOR_V4, CLIENT_V4 = "10.203.0.1", "10.203.0.2"
SENSOR_V6, CLIENT_V6 = "fd00:203::1", "fd00:203::2"


def sh(*args, check=True):
    return subprocess.run(list(args), capture_output=True, text=True, check=check)


@pytest.fixture
def netns():
    tag = uuid.uuid4().hex[:6]
    sensor, client = f"mitsu-s-{tag}", f"mitsu-c-{tag}"
    veth_s, veth_c = f"ms{tag}", f"mc{tag}"
    sh("ip", "netns", "add", sensor)
    sh("ip", "netns", "add", client)
    try:
        sh("ip", "link", "add", veth_s, "type", "veth", "peer", "name", veth_c)
        sh("ip", "link", "set", veth_s, "netns", sensor)
        sh("ip", "link", "set", veth_c, "netns", client)
        for ns, dev, v4, v6 in ((sensor, veth_s, SENSOR_V4, SENSOR_V6), (client, veth_c, CLIENT_V4, CLIENT_V6)):
            sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up")
            sh("ip", "netns", "exec", ns, "ip", "addr", "add", f"{v4}/24", "dev", dev)
            sh("ip", "netns", "exec", ns, "ip", "-6", "addr", "add", f"{v6}/64", "dev", dev, "nodad")
            sh("ip", "netns", "exec", ns, "ip", "link", "set", dev, "up")
        yield sensor, client
    finally:
        sh("ip", "netns", "del", sensor, check=False)
        sh("ip", "netns", "del", client, check=False)


def in_client(netns_name, code, timeout=60):
    """Runs a Python snippet inside the client namespace and returns its stdout."""
    return subprocess.run(["ip", "netns", "exec", netns_name, "python3", "-c", code],
                          capture_output=True, text=True, timeout=timeout, check=True).stdout


ALL_PORTS_CONFIG = """
sensor:
  name: netns-sensor
honeypots:
  trap:
    tcp_ports: [6379]
    udp_ports: []
    all_ports: true
    all_ports_listen_port: 65000
"""


def test_all_port_mode_records_the_original_port(tmp_path, netns):
    sensor_ns, client_ns = netns
    s = Sensor(tmp_path, ALL_PORTS_CONFIG, 0, netns=sensor_ns).start()
    try:
        rules = subprocess.run([MITSU, "trap", "iptables", "--config", s.config], capture_output=True, text=True, check=True).stdout
        for line in rules.splitlines():
            if line.strip() and not line.startswith("#"):
                # Our own generated rules, split into argv: no shell involved.
                sh("ip", "netns", "exec", sensor_ns, *shlex.split(line))
        probes = {12345: b"probe to 12345", 31337: b"\x00\x01 elite", 6379: b"PING\r\n"}
        for port, data in probes.items():
            in_client(client_ns, f"""
import socket
s = socket.create_connection(({SENSOR_V4!r}, {port}), timeout=5)
s.sendall({data!r}); s.shutdown(socket.SHUT_WR)
while s.recv(100): pass
""")
        v6_payload = b"v6 probe to 4321"
        in_client(client_ns, f"""
import socket
s = socket.create_connection(({SENSOR_V6!r}, 4321), timeout=5)
s.sendall({v6_payload!r}); s.shutdown(socket.SHUT_WR)
while s.recv(100): pass
""")
        probes[4321] = v6_payload

        def recorded():
            got = {}
            for e in s.events(event="payload"):
                got[e["payload"]["sha256"]] = e
            return got if all(hashlib.sha256(d).hexdigest() in got for d in probes.values()) else None

        got = wait_for(recorded, 10)
        assert got, s.events(event="payload")
        for port, data in probes.items():
            e = got[hashlib.sha256(data).hexdigest()]
            assert e["dest_port"] == port, (port, e)
            assert e["src_ip"] == (CLIENT_V6 if port == 4321 else CLIENT_V4)
    finally:
        s.stop()


def listen_overflows(ns):
    out = sh("ip", "netns", "exec", ns, "cat", "/proc/net/netstat").stdout.splitlines()
    for header, values in zip(out[::2], out[1::2]):
        if header.startswith("TcpExt:"):
            fields = dict(zip(header.split()[1:], values.split()[1:]))
            return int(fields["ListenOverflows"])
    raise AssertionError("no TcpExt in /proc/net/netstat")


BURST = """
import socket, select, time
socks = []
for i in range(512):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    s.connect_ex(({host!r}, {port}))
    socks.append(s)
deadline = time.time() + 10
pending = set(socks)
while pending and time.time() < deadline:
    _, w, _ = select.select([], list(pending)[:500], [], 0.5)
    for s in w:
        pending.discard(s)
ok = sum(1 for s in socks if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0 and s not in pending)
time.sleep(1)
for s in socks: s.close()
print(ok)
"""

BURST_CONFIG = """
limits:
  max_connections_per_ip: 2000
honeypots:
  trap:
    tcp_ports: [7547]
    udp_ports: []
"""


def test_burst_of_512_connects_causes_no_listen_overflow(tmp_path, netns):
    sensor_ns, client_ns = netns
    s = Sensor(tmp_path, BURST_CONFIG, 0, netns=sensor_ns).start()
    try:
        before = listen_overflows(sensor_ns)
        ok = int(in_client(client_ns, BURST.format(host=SENSOR_V4, port=7547)).strip())
        assert ok == 512
        assert listen_overflows(sensor_ns) - before == 0
        assert wait_for(lambda: len(s.events(event="session.connect")) >= 512, 15)
    finally:
        s.stop()


def test_the_overflow_measurement_sees_a_small_backlog_overflow(netns):
    """The same burst against a listener with Cowrie's backlog of 50 that is not accepting: proves the
    counter the test above reads does move when a backlog is too small."""
    sensor_ns, client_ns = netns
    peer = subprocess.Popen(["ip", "netns", "exec", sensor_ns, "python3", "-c", f"""
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(({SENSOR_V4!r}, 7000)); s.listen(50)
time.sleep(30)
"""])
    try:
        time.sleep(0.5)
        before = listen_overflows(sensor_ns)
        in_client(client_ns, BURST.format(host=SENSOR_V4, port=7000).replace("deadline = time.time() + 10", "deadline = time.time() + 2"))
        assert listen_overflows(sensor_ns) - before > 0
    finally:
        peer.kill()
        peer.wait()


UDP_CONFIG = """
sensor:
  name: netns-udp
honeypots:
  trap:
    tcp_ports: []
    udp_ports: [1900]
"""


def test_udp_on_the_wildcard_socket_records_the_real_destination(tmp_path, netns):
    """A dual-stack UDP socket bound to :: knows each datagram's destination from IP_PKTINFO /
    IPV6_RECVPKTINFO: events carry the address the attacker sent to, not '::'."""
    sensor_ns, client_ns = netns
    s = Sensor(tmp_path, UDP_CONFIG, 0, netns=sensor_ns).start()
    try:
        sent = {SENSOR_V4: b"M-SEARCH * HTTP/1.1\r\nST: ssdp:all\r\n\r\n", SENSOR_V6: b"M-SEARCH v6\r\n\r\n"}
        for address, data in sent.items():
            family = "socket.AF_INET6" if ":" in address else "socket.AF_INET"
            in_client(client_ns, f"""
import socket
s = socket.socket({family}, socket.SOCK_DGRAM)
s.sendto({data!r}, ({address!r}, 1900))
""")

        def recorded():
            got = {e["payload"]["sha256"]: e for e in s.events(event="payload")}
            return got if all(hashlib.sha256(d).hexdigest() in got for d in sent.values()) else None

        got = wait_for(recorded, 10)
        assert got, s.events(event="payload")
        for address, data in sent.items():
            e = got[hashlib.sha256(data).hexdigest()]
            assert e["transport"] == "udp" and e["dest_port"] == 1900
            assert e["dest_ip"] == address, e
            assert e["src_ip"] == (CLIENT_V6 if ":" in address else CLIENT_V4)
    finally:
        s.stop()
