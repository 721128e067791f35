"""The SIP honeypot (MitsuServices' Asterisk persona) against real SIP tools on loopback: nmap's sip-methods
script and -sV, sipvicious svmap and svwar, sipsak, and a digest REGISTER built with hashlib whose captured
response must recompute from the password. Hostile datagrams and streams must leave the worker serving."""
import hashlib
import os
import re
import shutil
import socket
import subprocess
import time
import uuid

import pytest

from conftest import Sensor, wait_for

EXTENSIONS = ["100", "101", "102", "105"]

CONFIG = """
supervisor:
  backoff_initial_ms: 100
  backoff_max_ms: 1000
honeypots:
  ssh: {enabled: false}
  telnet: {enabled: false}
  trap: {enabled: false}
  web: {enabled: false}
  ftp: {enabled: false}
  tftp: {enabled: false}
  mysql: {enabled: false}
  mssql: {enabled: false}
  sip:
    enabled: true
    listen: ["::"]
    extensions: [%s]
    auth_rules: ["102:s3cret"]
""" % ", ".join('"%s"' % e for e in EXTENSIONS)

ALLOW = "INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO, PUBLISH"


@pytest.fixture
def sip(tmp_path, port_offset):
    s = Sensor(tmp_path, CONFIG, port_offset, worker="sip").start()
    s.port = 5060 + s.offset
    # The worker reports started before its sockets are bound; wait until UDP answers.
    assert wait_for(lambda: options_udp("127.0.0.1", s.port, timeout=0.3), 10), s.log()
    yield s
    s.stop()


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


def request(method, uri, to, host, port, transport="UDP", extra=(), ua="pytest-sip", cseq=1, call_id=None, body=""):
    lines = [
        "%s %s SIP/2.0" % (method, uri),
        "Via: SIP/2.0/%s %s:%d;branch=z9hG4bK%s;rport" % (transport, host, port, uuid.uuid4().hex[:10]),
        "Max-Forwards: 70",
        "From: <%s>;tag=%s" % (to, uuid.uuid4().hex[:8]),
        "To: <%s>" % to,
        "Call-ID: %s" % (call_id or uuid.uuid4().hex),
        "CSeq: %d %s" % (cseq, method),
        "User-Agent: %s" % ua,
        *extra,
        "Content-Length: %d" % len(body.encode()),
        "",
        body,
    ]
    return "\r\n".join(lines).encode()


def udp_exchange(host, port, data, timeout=3.0, replies=1):
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    s.bind((host, 0))
    s.sendto(data, (host, port))
    out = []
    try:
        while len(out) < replies:
            out.append(s.recvfrom(65535)[0].decode())
    except socket.timeout:
        pass
    local = s.getsockname()[1]
    s.close()
    return out, local


def options_udp(host, port, timeout=2.0):
    out, _ = udp_exchange(host, port, request("OPTIONS", "sip:%s" % host, "sip:100@%s" % host, host, 5999), timeout)
    return out[0] if out else None


def header(msg, name):
    m = re.search(r"^%s: (.*?)\r$" % re.escape(name), msg, re.M)
    return m.group(1) if m else None


def params(value):
    return dict((k.strip(), v.strip().strip('"')) for k, v in re.findall(r'(\w+)=("[^"]*"|[^,]+)', value))


# ---------------------------------------------------------------- wire format and persona

def test_options_udp_and_tcp_mirror_the_request_like_asterisk(sip):
    for host in ("127.0.0.1", "::1"):
        data = request("OPTIONS", "sip:100@%s" % host, "sip:100@pbx", host, 5999, ua="friendly-scanner")
        (reply,), local = udp_exchange(host, sip.port, data)
        assert reply.startswith("SIP/2.0 200 OK\r\n"), reply
        via = header(reply, "Via")
        # RFC 3581: rport filled with the port we sent from, received= our address (sent-by said port 5999).
        assert via.endswith(";received=%s;rport=%d" % (host, local)), via
        assert re.fullmatch(r"<sip:100@pbx>;tag=as[0-9a-f]{8}", header(reply, "To")), reply
        assert header(reply, "Call-ID") == header(data.decode(), "Call-ID")
        assert header(reply, "CSeq") == "1 OPTIONS"
        assert "\r\nServer: Asterisk PBX 20.5.2\r\nAllow: %s\r\n" % ALLOW in reply
    # TCP: two pipelined requests on one connection, answered in order.
    c = socket.create_connection(("::1", sip.port), timeout=5)
    c.sendall(request("OPTIONS", "sip:100@pbx", "sip:100@pbx", "::1", 5999, "TCP", call_id="one")
              + request("BYE", "sip:100@pbx", "sip:100@pbx", "::1", 5999, "TCP", call_id="two"))
    buf = b""
    deadline = time.time() + 5
    while buf.count(b"\r\n\r\n") < 2 and time.time() < deadline:
        buf += c.recv(65535)
    c.close()
    text = buf.decode()
    assert text.startswith("SIP/2.0 200 OK\r\n"), text
    assert "SIP/2.0 481 Call leg/transaction does not exist\r\n" in text and "Call-ID: two\r\n" in text
    events = wait_for(lambda: [e for e in sip.events(event="sip.request") if e["transport"] == "tcp"] if len(
        [e for e in sip.events(event="sip.request") if e["transport"] == "tcp"]) >= 2 else None, 5)
    assert [(e["sip"]["method"], e["sip"]["call_id"], e["sip"]["status"]) for e in events] == [("OPTIONS", "one", 200), ("BYE", "two", 481)]
    udp = [e for e in sip.events(event="sip.request") if e["transport"] == "udp" and e["sip"].get("scanner") == "friendly-scanner"]
    assert {e["src_ip"] for e in udp} >= {"127.0.0.1", "::1"}
    assert udp[0]["sip"]["user_agent"] == "friendly-scanner" and udp[0]["protocol"] == "sip"
    assert udp[0]["payload"]["b64"]


def test_invite_ack_bye_cancel(sip):
    host = "127.0.0.1"
    sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"
    data = request("INVITE", "sip:00972599123456@%s" % host, "sip:00972599123456@%s" % host, host, 5999,
                   extra=["Content-Type: application/sdp"], body=sdp)
    replies, _ = udp_exchange(host, sip.port, data, replies=2)
    assert [r.split("\r\n")[0] for r in replies] == ["SIP/2.0 100 Trying", "SIP/2.0 407 Proxy Authentication Required"]
    chal = params(header(replies[1], "Proxy-Authenticate")[len("Digest "):])
    assert chal["realm"] == "asterisk" and re.fullmatch(r"[0-9a-f]{8}", chal["nonce"]) and chal["algorithm"] == "MD5"
    ack, _ = udp_exchange(host, sip.port, request("ACK", "sip:00972599123456@%s" % host, "sip:x@%s" % host, host, 5999), timeout=1)
    assert ack == []
    for m in ("BYE", "CANCEL"):
        (r,), _ = udp_exchange(host, sip.port, request(m, "sip:100@%s" % host, "sip:100@%s" % host, host, 5999))
        assert r.startswith("SIP/2.0 481 "), r
    ev = wait_for(lambda: [e["sip"] for e in sip.events(event="sip.request") if e["sip"]["method"] in ("INVITE", "ACK", "BYE", "CANCEL")]
                  if len([e for e in sip.events(event="sip.request") if e["sip"]["method"] in ("INVITE", "ACK", "BYE", "CANCEL")]) >= 4 else None, 5)
    assert [(e["method"], e.get("status")) for e in ev] == [("INVITE", 407), ("ACK", None), ("BYE", 481), ("CANCEL", 481)]
    assert ev[0]["uri"] == "sip:00972599123456@127.0.0.1"


def register(sip, host, user, password, uri=None):
    """REGISTER, read the 401 challenge, answer it with an RFC 2617 digest computed by hashlib."""
    uri = uri or "sip:%s" % host
    aor = "sip:%s@%s" % (user, host)
    call_id = uuid.uuid4().hex
    (chal,), _ = udp_exchange(host, sip.port, request("REGISTER", uri, aor, host, 5999, call_id=call_id, ua="Zoiper rev.11137"))
    assert chal.startswith("SIP/2.0 401 Unauthorized\r\n"), chal
    www = header(chal, "WWW-Authenticate")
    assert re.fullmatch(r'Digest algorithm=MD5, realm="asterisk", nonce="[0-9a-f]{8}"', www), www
    nonce = params(www[len("Digest "):])["nonce"]
    response = md5("%s:%s:%s" % (md5("%s:asterisk:%s" % (user, password)), nonce, md5("REGISTER:%s" % uri)))
    auth = 'Authorization: Digest username="%s",realm="asterisk",nonce="%s",uri="%s",response="%s",algorithm=MD5' % (
        user, nonce, uri, response)
    (reply,), _ = udp_exchange(host, sip.port, request("REGISTER", uri, aor, host, 5999, call_id=call_id, cseq=2, ua="Zoiper rev.11137",
                                                        extra=[auth, "Contact: <sip:%s@%s:5999>" % (user, host)]))
    return reply, nonce, response, uri


def hashcat_recompute(line, password):
    """What hashcat -m 11400 computes from its line (module_11400: URI = prefix:resource[:suffix])."""
    f = line.split("*")
    assert f[0] == "$sip$" and len(f) == 15, line
    _, server, client, user, realm, method, prefix, resource, suffix, nonce, cnonce, nc, qop, algo, digest = f
    uri = prefix + ":" + resource + ((":" + suffix) if suffix else "")
    ha1, ha2 = md5("%s:%s:%s" % (user, realm, password)), md5("%s:%s" % (method, uri))
    if qop:
        return md5(":".join([ha1, nonce, nc, cnonce, qop, ha2])) == digest
    return md5("%s:%s:%s" % (ha1, nonce, ha2)) == digest


def test_register_digest_is_captured_and_recomputes_from_the_password(sip):
    reply, nonce, response, uri = register(sip, "127.0.0.1", "101", "Winter2024!")
    assert reply.startswith("SIP/2.0 403 Forbidden\r\n"), reply
    failed = wait_for(lambda: sip.events(event="login.failed"), 5)
    assert len(failed) == 1
    e = failed[0]
    assert e["username"] == "101" and e["protocol"] == "sip" and e["transport"] == "udp" and e["src_ip"] == "127.0.0.1"
    assert "password" not in e
    assert (e["sip"]["realm"], e["sip"]["nonce"], e["sip"]["digest_uri"], e["sip"]["response"]) == ("asterisk", nonce, uri, response)
    assert e["client_version"] == "Zoiper rev.11137"
    assert e["hashcat_mode"] == 11400
    assert e["hashcat"].startswith("$sip$*127.0.0.1*127.0.0.1*101*asterisk*REGISTER*sip*127.0.0.1**%s****MD5*" % nonce)
    assert hashcat_recompute(e["hashcat"], "Winter2024!") and not hashcat_recompute(e["hashcat"], "winter2024!")
    # The configured rule 102:s3cret lets that extension register (over IPv6).
    ok, nonce6, _, _ = register(sip, "::1", "102", "s3cret")
    assert ok.startswith("SIP/2.0 200 OK\r\n"), ok
    assert header(ok, "Contact") == "<sip:102@::1:5999>;expires=120"
    success = wait_for(lambda: sip.events(event="login.success"), 5)
    assert success[0]["username"] == "102" and success[0]["src_ip"] == "::1" and success[0]["sip"]["nonce"] == nonce6
    assert hashcat_recompute(success[0]["hashcat"], "s3cret")


@pytest.mark.skipif(not shutil.which("hashcat"), reason="hashcat not installed")
def test_hashcat_cracks_the_captured_line(sip, tmp_path):
    """The `hashcat` field goes to hashcat -m 11400 unchanged (CPU OpenCL via pocl) and yields the password."""
    reply, _, _, _ = register(sip, "127.0.0.1", "105", "Winter2024!", uri="sip:105@127.0.0.1:%d;transport=udp" % sip.port)
    assert reply.startswith("SIP/2.0 403 ")
    e = wait_for(lambda: sip.events(event="login.failed"), 5)[0]
    (tmp_path / "hash").write_text(e["hashcat"] + "\n")
    (tmp_path / "words").write_text("password\n123456\nWinter2024!\nadmin\n")
    out = subprocess.run(["hashcat", "-m", "11400", "-a", "0", "--force", "--potfile-disable", "--quiet", "-o", str(tmp_path / "cracked"),
                          str(tmp_path / "hash"), str(tmp_path / "words")], capture_output=True, text=True, timeout=600)
    print(out.stdout, out.stderr)
    assert (tmp_path / "cracked").read_text().strip() == e["hashcat"] + ":Winter2024!"


@pytest.mark.skipif(not shutil.which("sipsak"), reason="sipsak not installed")
def test_sipsak_register_with_digest(sip):
    """sipsak (Debian) registers extension 101 with a password: challenge, answer, capture."""
    out = subprocess.run(["sipsak", "-U", "-s", "sip:101@127.0.0.1:%d" % sip.port, "-a", "p4ssw0rd", "-u", "101", "-vv"],
                         capture_output=True, text=True, timeout=60)
    print(out.stdout, out.stderr)
    e = wait_for(lambda: sip.events(event="login.failed"), 10)
    assert e, out.stdout + out.stderr
    assert e[0]["username"] == "101" and e[0]["sip"]["user_agent"].startswith("sipsak")
    assert e[0]["sip"]["scanner"] == "sipsak"
    assert hashcat_recompute(e[0]["hashcat"], "p4ssw0rd")
    assert "403 Forbidden" in out.stdout + out.stderr


# ---------------------------------------------------------------- real scanners

@pytest.mark.skipif(not shutil.which("nmap"), reason="nmap not installed")
def test_nmap_sip_methods_over_udp(sip, tmp_path):
    # sip-methods runs on port 5060 or a port whose service is "sip": the test's shifted port is named so
    # with a one-line nmap-services in a --datadir that nmap reads before its own (UDP -sV would call the port
    # "sip-proxy", which the portrule does not take; --servicedb forces a fast scan that excludes -p).
    (tmp_path / "nmap-services").write_text("sip\t%d/udp\t0.5\n" % sip.port)
    out = subprocess.run(["nmap", "-sU", "-Pn", "-n", "--datadir", str(tmp_path), "-p", str(sip.port), "--script", "sip-methods",
                          "127.0.0.1"], capture_output=True, text=True, timeout=120).stdout
    print(out)
    assert "sip-methods: %s" % ALLOW in out, out
    e = wait_for(lambda: [e for e in sip.events(event="sip.request") if e["sip"].get("scanner") == "nmap"], 5)
    assert e and e[0]["sip"]["method"] == "OPTIONS" and e[0]["sip"]["user_agent"] == "Nmap NSE"


@pytest.mark.skipif(not shutil.which("nmap"), reason="nmap not installed")
def test_nmap_version_scan_names_asterisk_on_tcp_and_udp(sip):
    out = subprocess.run(["nmap", "-sV", "-sS", "-sU", "-Pn", "-n", "-p", "T:%d,U:%d" % (sip.port, sip.port), "127.0.0.1"],
                         capture_output=True, text=True, timeout=300).stdout
    print(out)
    assert "dionaea" not in out.lower()
    assert re.search(r"%d/tcp\s+open\s+sip\s+Asterisk 20\.5\.2" % sip.port, out), out
    assert re.search(r"%d/udp\s+open\s+sip(-proxy)?\s+Asterisk PBX 20\.5\.2" % sip.port, out), out


@pytest.mark.skipif(not shutil.which("sipvicious_svmap"), reason="sipvicious not installed")
def test_svmap_identifies_the_persona(sip):
    out = subprocess.run(["sipvicious_svmap", "-p", str(sip.port), "127.0.0.1"], capture_output=True, text=True, timeout=60)
    text = out.stdout + out.stderr
    print(text)
    assert re.search(r"127\.0\.0\.1:%d\s*\|\s*Asterisk PBX 20\.5\.2" % sip.port, text), text
    e = wait_for(lambda: [e for e in sip.events(event="sip.request") if e["sip"].get("scanner") == "friendly-scanner"], 5)
    assert e and e[0]["sip"]["method"] == "OPTIONS"


@pytest.mark.skipif(not shutil.which("sipvicious_svwar"), reason="sipvicious not installed")
def test_svwar_finds_exactly_the_configured_extensions(sip):
    out = subprocess.run(["sipvicious_svwar", "-e", "90-120", "-p", str(sip.port), "127.0.0.1"],
                         capture_output=True, text=True, timeout=120)
    text = out.stdout + out.stderr
    print(text)
    found = re.findall(r"^\|\s*(\d+)\s*\|\s*(\w+)\s*\|", text, re.M)
    assert sorted(found) == [(x, "reqauth") for x in EXTENSIONS], text
    regs = [e for e in sip.events(event="sip.request") if e["sip"]["method"] == "REGISTER"]
    # One REGISTER per extension of the range, plus svwar's random probe for a "bad user".
    assert len(regs) >= 31 and all(e["sip"]["scanner"] == "friendly-scanner" for e in regs)
    assert sorted(e["sip"]["status"] for e in regs).count(401) == len(EXTENSIONS)


@pytest.mark.skipif(not shutil.which("sipvicious_svcrack"), reason="sipvicious not installed")
def test_svcrack_guesses_are_captured_and_the_configured_password_is_found(sip, tmp_path):
    """svcrack brute-forces extension 102 over IPv6: every guess is a login.* event whose digest recomputes
    from that guess, and the rule 102:s3cret makes svcrack report the password (200 OK)."""
    words = ["1234", "102", "password", "s3cret"]
    (tmp_path / "words").write_text("\n".join(words) + "\n")
    out = subprocess.run(["sipvicious_svcrack", "-6", "-u", "102", "-d", str(tmp_path / "words"), "-p", str(sip.port), "::1"],
                         capture_output=True, text=True, timeout=120)
    text = out.stdout + out.stderr
    print(text)
    assert re.search(r"^\|\s*102\s*\|\s*s3cret\s*\|", text, re.M), text
    logins = wait_for(lambda: sip.events(event="login.failed") + sip.events(event="login.success")
                      if len(sip.events(event="login.failed") + sip.events(event="login.success")) >= len(words) else None, 5)
    assert logins, text
    guessed = set()
    for e in logins:
        assert e["username"] == "102" and e["src_ip"] == "::1" and e["sip"]["scanner"] == "friendly-scanner"
        word = [w for w in words if hashcat_recompute(e["hashcat"], w)]
        assert len(word) == 1, e
        guessed.add(word[0])
        assert (e["event"] == "login.success") == (word[0] == "s3cret")
    assert guessed == set(words)


# ---------------------------------------------------------------- hostile input

def test_malformed_and_oversized_input_is_logged_and_the_worker_keeps_serving(sip):
    pid = sip.worker_pid("sip")
    bad = [
        b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + os.urandom(64),
        b"OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n",  # truncated: no From/To/Call-ID/CSeq
        request("INVITE", "sip:1@h", "sip:1@h", "127.0.0.1", 5999, body="v=0\r\n").replace(b"Content-Length: 5", b"Content-Length: 4000"),
        b"OPTIONS sip:x SIP/2.0\r\n" + b"X-Pad: " + b"A" * 30000 + b"\r\n\r\n",  # head over 16 KiB
        b"A" * 65000,
    ]
    for data in bad:
        out, _ = udp_exchange("127.0.0.1", sip.port, data, timeout=0.5)
        assert out == [], (data[:40], out)
    errors = wait_for(lambda: sip.events(event="protocol.error") if len(sip.events(event="protocol.error")) >= len(bad) else None, 15)
    assert errors and len(errors) == len(bad), sip.events(event="protocol.error")
    assert all(e["protocol"] == "sip" and e["transport"] == "udp" and e["message"] for e in errors)
    assert errors[-1]["payload"]["length"] == 65000
    # TCP: a stream that is not SIP, and an endless head, are cut with an event.
    for data in (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", b"OPTIONS sip:x SIP/2.0\r\nX: " + b"B" * 40000):
        c = socket.create_connection(("127.0.0.1", sip.port), timeout=5)
        try:
            c.sendall(data)
        except OSError:
            pass
        c.settimeout(5)
        try:
            assert c.recv(100) == b""
        except ConnectionResetError:
            pass
        c.close()
    assert wait_for(lambda: len(sip.events(event="protocol.error")) == len(bad) + 2, 15), sip.events(event="protocol.error")
    assert options_udp("127.0.0.1", sip.port).startswith("SIP/2.0 200 OK")
    assert sip.worker_pid("sip") == pid and not sip.events(event="sensor.crash")
