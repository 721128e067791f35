"""The Telnet honeypot with Debian's telnet client (driven by pexpect) and with raw sockets, as bots talk."""
import socket
import time

import pytest

from conftest import Sensor, free_port_base, wait_for

CONFIG = """
honeypots:
  trap:
    enabled: false
  ssh:
    enabled: false
    hostname: gw01
    auth_rules: ["root:xc3511", "*:!*"]
    accept_after: 0
  telnet:
    tcp_ports: [2323]
"""


@pytest.fixture(scope="module")
def honeypot(tmp_path_factory):
    s = Sensor(tmp_path_factory.mktemp("telnet"), CONFIG, free_port_base(), worker="telnet").start()
    yield s
    s.stop()


def test_debian_telnet_client_login_and_command(honeypot):
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn("telnet", ["127.0.0.1", str(2323 + honeypot.offset)], timeout=15, encoding="utf-8")
    try:
        child.expect("gw01 login: ")
        child.sendline("root")
        child.expect("Password: ")
        child.sendline("wrongpass")
        child.expect("Login incorrect")
        child.expect("gw01 login: ")
        child.sendline("root")
        child.expect("Password: ")
        child.sendline("xc3511")
        child.expect("root@gw01:~# ")
        child.sendline("enable; system; shell; sh")
        child.expect("-bash: system: command not found")
        child.expect("root@gw01:~# ")
        child.sendline("exit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert wait_for(lambda: [e for e in honeypot.events(event="login.failed") if e.get("password") == "wrongpass"], 10)
    ok = wait_for(lambda: honeypot.events(event="login.success", username="root", password="xc3511"), 10)
    assert ok and ok[0]["protocol"] == "telnet" and ok[0]["honeypot"] == "telnet"
    assert wait_for(lambda: honeypot.events(event="command.input", input="enable; system; shell; sh"), 10)


def test_raw_socket_bot_dialogue(honeypot):
    """What a Mirai-style bot does: no option negotiation, user and password on their own lines."""
    s = socket.create_connection(("127.0.0.1", 2323 + honeypot.offset), timeout=10)
    buf = b""
    deadline = time.time() + 10
    while b"login: " not in buf and time.time() < deadline:
        buf += s.recv(4096)
    assert buf.startswith(b"\xff\xfd\x18\xff\xfd\x1f\xff\xfd\x27\xff\xfb\x03\xff\xfb\x01")
    assert b"Debian GNU/Linux 12\r\ngw01 login: " in buf
    s.sendall(b"root\r\n")
    while b"Password: " not in buf and time.time() < deadline:
        buf += s.recv(4096)
    s.sendall(b"xc3511\r\n")
    while b"root@gw01:~# " not in buf and time.time() < deadline:
        buf += s.recv(4096)
    s.sendall(b"/bin/busybox MIRAI\r\n")
    while b"applet not found" not in buf and time.time() < deadline:
        buf += s.recv(4096)
    s.close()
    # The probe bots use to tell a real busybox: answered as busybox does.
    assert b"MIRAI: applet not found\r\n" in buf
    assert wait_for(lambda: honeypot.events(event="command.input", input="/bin/busybox MIRAI"), 10)


def test_new_environ_login_bypass_is_flagged(honeypot):
    s = socket.create_connection(("127.0.0.1", 2323 + honeypot.offset), timeout=10)
    s.recv(4096)
    s.sendall(b"\xff\xfb\x27" + b"\xff\xfa\x27\x00\x00USER\x01-f root\xff\xf0")
    time.sleep(0.5)
    s.close()
    e = wait_for(lambda: [x for x in honeypot.events(event="login.failed") if x.get("username") == "-f root"], 10)
    assert e and e[0]["attack"]["cves"] == ["CVE-2007-0882"]
