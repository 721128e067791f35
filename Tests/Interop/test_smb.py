"""The SMB honeypot (MitsuServices/SMB) end to end with real clients: impacket from PyPI (SMB2/3 and
SMB1 logins whose captured NetNTLMv2 line is recomputed here from the known password, putFile uploads
checked by the SHA-256 of the stored artifact) and nmap's smb-protocols, smb-os-discovery,
smb-vuln-ms17-010 and -sV on the real ports 445 and 139 inside a network namespace."""
import hashlib
import hmac
import io
import os
import shutil
import subprocess
import uuid

import pytest

from conftest import Sensor, wait_for

impacket = pytest.importorskip("impacket")
from impacket import ntlm, smb  # noqa: E402
from impacket.smbconnection import SMBConnection, SessionError  # noqa: E402
from impacket.smb3structs import SMB2_DIALECT_002, SMB2_DIALECT_21, SMB2_DIALECT_30, SMB2_DIALECT_302, SMB2_DIALECT_311  # noqa: E402

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
  smb:
    listen: [%s]
    netbios_name: FILESRV01
    dns_domain: corp.example
%s
"""

PASSWORD = "Summer2024!"


def smb_sensor(tmp_path, offset, extra="", listen='"127.0.0.1", "::1"', netns=None):
    return Sensor(tmp_path, CONFIG % (listen, extra), offset, worker="smb", netns=netns).start()


@pytest.fixture
def sensor(tmp_path, port_offset):
    s = smb_sensor(tmp_path, port_offset)
    yield s
    s.stop()


def netntlmv2_matches(line, password):
    """Recomputes NTProofStr from the password (MS-NLMP 3.3.2) and compares it with the captured line."""
    user, empty, domain, challenge, proof, blob = line.split(":")
    assert empty == ""
    key = hmac.new(ntlm.compute_nthash(password), (user.upper() + domain).encode("utf-16le"), "md5").digest()
    return hmac.new(key, bytes.fromhex(challenge) + bytes.fromhex(blob), "md5").hexdigest() == proof


def login_event(sensor, user, kind="login.success"):
    got = wait_for(lambda: [e for e in sensor.events(event=kind) if e.get("username") == user], 5)
    assert got, sensor.events()
    return got[-1]


def test_impacket_smb3_login_captures_a_crackable_netntlmv2_line(sensor):
    port = 445 + sensor.offset
    conn = SMBConnection("FILESRV01", "127.0.0.1", sess_port=port, timeout=10)
    assert conn.getDialect() == SMB2_DIALECT_311
    conn.login("Administrator", PASSWORD, "CORP")
    assert conn.getServerName() == "FILESRV01"
    assert conn.getServerDNSDomainName() == "corp.example"
    assert conn.getServerDNSHostName() == "filesrv01.corp.example"
    assert "17763" in conn.getServerOS()
    conn.logoff()
    e = login_event(sensor, "Administrator")
    assert e["protocol"] == "smb" and e["domain"] == "CORP" and e["hash_type"] == "netntlmv2" and e["hashcat_mode"] == 5600
    assert netntlmv2_matches(e["hashcat"], PASSWORD)
    assert not netntlmv2_matches(e["hashcat"], PASSWORD + "x")


@pytest.mark.parametrize("dialect", [SMB2_DIALECT_002, SMB2_DIALECT_21, SMB2_DIALECT_30, SMB2_DIALECT_311])
def test_each_smb2_dialect_logs_in(sensor, dialect):
    conn = SMBConnection("FILESRV01", "127.0.0.1", sess_port=445 + sensor.offset, preferredDialect=dialect, timeout=10)
    assert conn.getDialect() == dialect
    user = "user%x" % dialect
    conn.login(user, PASSWORD, "WORKGROUP")
    assert netntlmv2_matches(login_event(sensor, user)["hashcat"], PASSWORD)


def test_impacket_smb1_login_over_ipv6(sensor):
    conn = SMBConnection("FILESRV01", "::1", sess_port=445 + sensor.offset, preferredDialect=smb.SMB_DIALECT, timeout=10)
    assert conn.getDialect() == smb.SMB_DIALECT
    conn.login("svc_backup", PASSWORD, "CORP")
    assert conn.getServerOS() == "Windows Server 2019 Standard 17763"
    e = login_event(sensor, "svc_backup")
    assert e["src_ip"] == "::1" and e["client_version"]
    assert netntlmv2_matches(e["hashcat"], PASSWORD)


def test_refused_logins_still_capture(tmp_path, port_offset):
    s = smb_sensor(tmp_path, port_offset, "    accept_logins: false\n")
    try:
        conn = SMBConnection("FILESRV01", "127.0.0.1", sess_port=445 + s.offset, timeout=10)
        with pytest.raises(SessionError) as err:
            conn.login("root", PASSWORD, "")
        assert err.value.getErrorCode() == 0xC000006D
        e = login_event(s, "root", "login.failed")
        assert netntlmv2_matches(e["hashcat"], PASSWORD)
    finally:
        s.stop()


def test_put_file_is_stored_by_sha256(sensor):
    data = b"MZ\x90\x00" + os.urandom(200_000)
    conn = SMBConnection("FILESRV01", "127.0.0.1", sess_port=445 + sensor.offset, timeout=10)
    conn.login("Administrator", PASSWORD, "CORP")
    conn.putFile("C$", "Windows\\Temp\\dropper.exe", io.BytesIO(data).read)
    with pytest.raises(SessionError):
        conn.connectTree("NOSUCHSHARE")
    conn.logoff()
    # A file at a share's root over SMB 2.1 (impacket 0.13's putFile trips over its own directory-lease
    # bookkeeping for root paths on 3.x servers that offer directory leasing, as Windows Server does).
    conn = SMBConnection("FILESRV01", "127.0.0.1", sess_port=445 + sensor.offset, preferredDialect=SMB2_DIALECT_21, timeout=10)
    conn.login("Administrator", PASSWORD, "CORP")
    conn.putFile("ADMIN$", "svc.bat", io.BytesIO(b"@echo off\r\nwhoami\r\n").read)
    conn.logoff()
    sha = hashlib.sha256(data).hexdigest()
    ups = wait_for(lambda: [e for e in sensor.events(event="file.upload") if e["sha256"] == sha], 5)
    assert ups, sensor.events(event="file.upload")
    assert ups[0]["size"] == len(data) and ups[0]["filename"] == "C$\\Windows\\Temp\\dropper.exe"
    with open(os.path.join(sensor.data, "artifacts", "sha256", sha[:2], sha), "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == sha
    bat = hashlib.sha256(b"@echo off\r\nwhoami\r\n").hexdigest()
    assert wait_for(lambda: [e for e in sensor.events(event="file.upload") if e["sha256"] == bat], 5)


def test_smb1_put_file_is_stored_by_sha256(sensor):
    data = os.urandom(150_000)
    conn = SMBConnection("FILESRV01", "127.0.0.1", sess_port=445 + sensor.offset, preferredDialect=smb.SMB_DIALECT, timeout=10)
    conn.login("Administrator", PASSWORD, "CORP")
    conn.putFile("C$", "Windows\\Temp\\smb1.exe", io.BytesIO(data).read)
    conn.logoff()
    sha = hashlib.sha256(data).hexdigest()
    ups = wait_for(lambda: [e for e in sensor.events(event="file.upload") if e["sha256"] == sha], 5)
    assert ups and ups[0]["size"] == len(data) and ups[0]["filename"] == "C$\\Windows\\Temp\\smb1.exe", sensor.events(event="file.upload")


def test_malformed_packets_are_logged_and_closed(sensor):
    import socket
    port = 445 + sensor.offset
    for payload in (b"\x00\x00\x00\x08\xfeSMB\x40\x00\x00\x00", b"\x00\xff\xff\xff", b"GET / HTTP/1.0\r\n\r\n"):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(payload)
        assert s.recv(100) == b""  # closed by the server
        s.close()
    errors = wait_for(lambda: len(sensor.events(event="protocol.error")) >= 3 and sensor.events(event="protocol.error"), 5)
    assert errors and all(e["protocol"] == "smb" for e in errors)
    # The worker survived.
    conn = SMBConnection("FILESRV01", "127.0.0.1", sess_port=port, timeout=10)
    conn.login("after", PASSWORD)


# ---------------------------------------------------------------- nmap on the real ports, in a netns

@pytest.fixture
def netns():
    if os.geteuid() != 0:
        pytest.skip("network namespaces need root")
    name = "mitsu-smb-" + uuid.uuid4().hex[:6]
    subprocess.run(["ip", "netns", "add", name], check=True)
    try:
        subprocess.run(["ip", "netns", "exec", name, "ip", "link", "set", "lo", "up"], check=True)
        yield name
    finally:
        subprocess.run(["ip", "netns", "del", name])


def nmap(netns, *args):
    out = subprocess.run(["ip", "netns", "exec", netns, "nmap", "-Pn", "-n", *args, "127.0.0.1"],
                         capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.mark.skipif(not shutil.which("nmap"), reason="nmap not installed")
def test_nmap_smb_scripts_on_445_and_139(tmp_path, netns):
    s = smb_sensor(tmp_path, 0, listen='"::"', netns=netns)
    try:
        out = nmap(netns, "-p", "445", "--script", "smb-protocols,smb-os-discovery,smb-vuln-ms17-010")
        assert "NT LM 0.12 (SMBv1)" in out, out
        for d in ("202", "210", "300", "302", "311"):  # nmap 7.93 writes dialects so (later: 2:0:2, …)
            assert "|     %s\n" % d in out or "|_    %s\n" % d in out, out
        assert "OS: Windows Server 2019 Standard 17763 (Windows Server 2019 Standard 6.3)" in out, out
        assert "Computer name: filesrv01" in out and "NetBIOS computer name: FILESRV01" in out, out
        assert "FQDN: filesrv01.corp.example" in out, out
        assert "VULNERABLE" in out and "CVE-2017-0143" in out, out
        flagged = wait_for(lambda: [e for e in s.events(event="smb.exploit") if "ms17-010-check" in e["attack"]["categories"]], 5)
        assert flagged and flagged[0]["attack"]["cves"] == ["CVE-2017-0144"]
        # Port 139: NetBIOS session request first (nmap falls back to 139 when 445 is not asked for).
        out139 = nmap(netns, "-p", "139", "--script", "smb-os-discovery")
        assert "OS: Windows Server 2019 Standard 17763" in out139, out139
        more = nmap(netns, "-p", "445", "--script", "smb2-security-mode,smb2-time,smb-security-mode,smb-enum-shares")
        assert "Message signing enabled but not required" in more, more
        assert "message_signing: disabled (dangerous, but default)" in more, more  # SMB1 on a non-DC
        assert "start_date: N/A" in more, more
        assert "\\\\127.0.0.1\\ADMIN$" in more and "Anonymous access: <none>" in more, more  # null sessions: IPC$ only
        dp = nmap(netns, "-p", "445", "--script", "smb-double-pulsar-backdoor")
        assert "VULNERABLE" not in dp, dp  # answered as a host without the implant
        pulsar = wait_for(lambda: [e for e in s.events(event="smb.exploit") if "doublepulsar" in e["attack"]["categories"]], 5)
        assert pulsar and pulsar[0]["attack"]["cves"] == ["CVE-2017-0144"], s.events(event="smb.exploit")
        sv = nmap(netns, "-sV", "-p", "139,445")
        assert "Dionaea" not in sv
        # What nmap 7.93 says of a real Windows Server 2016/2019 with SMBv1 on.
        assert "139/tcp open  netbios-ssn  Microsoft Windows netbios-ssn" in sv, sv
        assert "445/tcp open  microsoft-ds Microsoft Windows Server 2008 R2 - 2012 microsoft-ds (workgroup: WORKGROUP)" in sv, sv
    finally:
        s.stop()


@pytest.mark.skipif(not shutil.which("nmap"), reason="nmap not installed")
def test_nmap_ms17_010_patched_persona(tmp_path, netns):
    s = smb_sensor(tmp_path, 0, "    ms17_010_vulnerable: false\n", listen='"::"', netns=netns)
    try:
        out = nmap(netns, "-p", "445", "--script", "smb-vuln-ms17-010")
        assert "VULNERABLE" not in out, out
        assert wait_for(lambda: s.events(event="smb.exploit"), 5)
    finally:
        s.stop()


def test_smbghost_scanner_probe_is_flagged(sensor):
    """The negotiate the public CVE-2020-0796 scanners send: every dialect up to 3.1.1, a preauth
    context and a compression context offering LZNT1; they read the dialect and context count back."""
    import socket
    import struct
    dialects = [0x0202, 0x0210, 0x0222, 0x0224, 0x0300, 0x0302, 0x0310, 0x0311]
    fixed = struct.pack("<HHHHI", 36, len(dialects), 1, 0, 0x7f) + b"\0" * 16
    start = 64 + 36 + 2 * len(dialects)
    ctx_offset = (start + 7) & ~7
    fixed += struct.pack("<IHH", ctx_offset, 2, 0) + b"".join(struct.pack("<H", d) for d in dialects)
    fixed += b"\0" * (ctx_offset - start)
    preauth = struct.pack("<HHH", 1, 32, 1) + os.urandom(32)
    ctx = struct.pack("<HHI", 1, len(preauth), 0) + preauth + b"\0" * 2
    compression = struct.pack("<HHIH", 1, 0, 0, 1)  # one algorithm: LZNT1
    ctx += struct.pack("<HHI", 3, len(compression), 0) + compression
    header = b"\xfeSMB" + struct.pack("<HHIHHIIQIIQ", 64, 0, 0, 0, 31, 0, 0, 0, 0, 0, 0) + b"\0" * 16
    msg = header + fixed + ctx
    s = socket.create_connection(("127.0.0.1", 445 + sensor.offset), timeout=5)
    s.sendall(struct.pack(">I", len(msg)) + msg)
    reply = s.recv(4096)
    s.close()
    assert reply[4:8] == b"\xfeSMB" and reply[4 + 68:4 + 70] == b"\x11\x03"
    flagged = wait_for(lambda: sensor.events(event="smb.exploit"), 5)
    assert flagged and flagged[0]["attack"] == {"categories": ["smbghost-check"], "cves": ["CVE-2020-0796"]}
