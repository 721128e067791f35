"""Suricata's TLS, DNS and SSH sticky buffers on real clients (issue 8, IDS): a rule file with
`tls.sni` (with and without `dotprefix`), `ja4.hash`, `dns.query`, `ssh.software` and `ssh.hassh.string` rules is loaded by the
collector, real curl / dig / OpenSSH clients talk to trap ports, to MitsuWeb's HTTPS port and to the SSH
honeypot, and the `ids.alert` events with those sids must be stored; rules whose header names another
protocol, or whose content is not what the client sent, must stay silent. Every client talks to
127.0.0.1 only."""
import shutil
import socket
import subprocess

import pytest

from conftest import Sensor, free_port_base, wait_for

RULES = """\
alert tls any any -> any any (msg:"test: SNI evil.example"; flow:established,to_server; tls.sni; content:"evil.example"; isdataat:!1,relative; nocase; sid:9900101; rev:1;)
alert tls any any -> any any (msg:"test: TLS 1.3 over TCP (JA4)"; ja4.hash; content:"t13d"; startswith; sid:9900102; rev:1;)
alert ssh any any -> any any (msg:"test: OpenSSH client software"; ssh.software; content:"OpenSSH_"; startswith; sid:9900103; rev:1;)
alert ssh any any -> any any (msg:"test: SSH 2.0"; ssh_proto; content:"2.0"; bsize:3; sid:9900104; rev:1;)
alert ssh any any -> any any (msg:"test: curve25519 offered (HASSH)"; ssh.hassh.string; content:"curve25519-sha256"; sid:9900105; rev:1;)
alert dns any any -> any any (msg:"test: DNS query for evil.example"; dns_query; content:"evil.example"; endswith; sid:9900106; rev:1;)
alert tls any any -> any any (msg:"test: SNI under .example (dotprefix)"; tls.sni; dotprefix; content:".example"; endswith; fast_pattern; sid:9900107; rev:1;)
alert http any any -> any any (msg:"test: never, TLS is not HTTP"; tls.sni; content:"evil.example"; sid:9900111; rev:1;)
alert tls any any -> any any (msg:"test: never, another SNI"; tls.sni; content:"good.example"; sid:9900112; rev:1;)
alert ssh any any -> any any (msg:"test: never, PuTTY"; ssh.software; content:"PuTTY"; sid:9900113; rev:1;)
alert tls any any -> any any (msg:"test: never, the comment is not the software"; ssh.software; content:"Debian"; sid:9900114; rev:1;)
"""

BANNER = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"

CONFIG = """
supervisor:
  backoff_initial_ms: 100
  backoff_max_ms: 1000
honeypots:
  telnet: {enabled: false}
  ftp: {enabled: false}
  tftp: {enabled: false}
  mysql: {enabled: false}
  mssql: {enabled: false}
  sip: {enabled: false}
  smb: {enabled: false}
  ssh:
    tcp_ports: [2226]
    auth_rules: ["*:!*"]
  web:
    tcp_ports: []
    https_ports: [8446]
  trap:
    tcp_ports: [4446, 7026, 5356]
    udp_ports: [5356]
    read_timeout_seconds: 3
    responses:
      7026: "%s\\r\\n"
ids:
  rule_files: [app-layer.rules]
""" % BANNER


def need(tool):
    return pytest.mark.skipif(shutil.which(tool) is None, reason=f"needs {tool} (scripts/install-test-deps.sh)")


def run(cmd, timeout=30):
    """Runs a client that will fail (nobody answers it properly); its exit status does not matter."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None


def is_open(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def ssh(port):
    run(["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
         "-o", "ConnectTimeout=10", "-p", str(port), "mitsu@127.0.0.1", "true"], timeout=30)


@pytest.fixture(scope="module")
def sensor(tmp_path_factory):
    base = tmp_path_factory.mktemp("ids_app_layer")
    (base / "app-layer.rules").write_text(RULES)
    s = Sensor(base, CONFIG, free_port_base()).start()
    assert wait_for(lambda: is_open(8446 + s.offset) and is_open(2226 + s.offset), 30), s.log()
    yield s
    s.stop()


def alerts(sensor, sid, **match):
    return [a for a in sensor.events(event="ids.alert", **match) if a["alert"]["signature_id"] == sid]


def never_fired(sensor):
    return [a for a in sensor.events(event="ids.alert") if a["alert"]["signature_id"] in (9900111, 9900112, 9900113, 9900114)]


@need("curl")
def test_tls_sni_and_ja4_on_a_trap_port(sensor):
    p = 4446 + sensor.offset
    run(["curl", "-sk", "--max-time", "6", "--resolve", f"evil.example:{p}:127.0.0.1", f"https://evil.example:{p}/"])
    sni = wait_for(lambda: alerts(sensor, 9900101, dest_port=p), 20)
    assert sni, sensor.events(event="ids.alert")
    assert sni[0]["honeypot"] == "trap" and sni[0]["protocol"] == "tls" and sni[0]["alert"]["signature"] == "test: SNI evil.example"
    payload = [e for e in sensor.events(event="payload") if e["session"] == sni[0]["session"]]
    assert payload and payload[0]["tls"]["sni"] == "evil.example", "the alert is tied to the ClientHello's session"
    assert wait_for(lambda: alerts(sensor, 9900102, dest_port=p), 10)
    assert wait_for(lambda: alerts(sensor, 9900107, dest_port=p), 10)
    assert not never_fired(sensor)


@need("curl")
def test_tls_sni_on_the_web_honeypots_https_port(sensor):
    p = 8446 + sensor.offset
    run(["curl", "-sk", "--max-time", "8", "--resolve", f"evil.example:{p}:127.0.0.1", f"https://evil.example:{p}/"])
    sni = wait_for(lambda: alerts(sensor, 9900101, dest_port=p), 20)
    assert sni, sensor.events(event="ids.alert")
    assert sni[0]["honeypot"] == "web"
    hello = [e for e in sensor.events(event="tls.client_hello") if e["session"] == sni[0]["session"]]
    assert hello and hello[0]["tls"]["sni"] == "evil.example"
    # The decrypted request on the same connection is HTTP: the SNI rule does not fire on it again.
    assert len(sni) == 1 and not never_fired(sensor)


@need("curl")
def test_an_http_request_naming_the_host_is_no_tls_sni(sensor):
    p = 4446 + sensor.offset
    before = len(alerts(sensor, 9900101))
    run(["curl", "-s", "--max-time", "6", "-H", "Host: evil.example", f"http://127.0.0.1:{p}/evil.example"])
    assert wait_for(lambda: [e for e in sensor.events(event="payload") if e["dest_port"] == p and e.get("protocol") == "http"], 20)
    assert len(alerts(sensor, 9900101)) == before


@need("ssh")
def test_ssh_software_proto_and_hassh_string_on_a_trap_port(sensor):
    p = 7026 + sensor.offset
    ssh(p)
    software = wait_for(lambda: alerts(sensor, 9900103, dest_port=p), 20)
    assert software, sensor.events(event="ids.alert")
    assert software[0]["honeypot"] == "trap" and software[0]["protocol"] == "ssh"
    assert wait_for(lambda: alerts(sensor, 9900104, dest_port=p), 10)
    assert wait_for(lambda: alerts(sensor, 9900105, dest_port=p), 10)
    assert not never_fired(sensor)


@need("ssh")
def test_ssh_software_on_the_ssh_honeypot(sensor):
    p = 2226 + sensor.offset
    ssh(p)
    software = wait_for(lambda: alerts(sensor, 9900103, dest_port=p), 20)
    assert software, sensor.events(event="ids.alert")
    assert software[0]["honeypot"] == "ssh"
    version = [e for e in sensor.events(event="ssh.client.version") if e["session"] == software[0]["session"]]
    assert version and version[0]["client_version"].startswith("SSH-2.0-OpenSSH_")
    # HASSH from the honeypot's own KEXINIT parser; the banner rule fired once (version event, not kex).
    assert wait_for(lambda: alerts(sensor, 9900105, dest_port=p), 10)
    assert len(software) == 1 and not never_fired(sensor)


@need("dig")
def test_dns_query_over_udp_and_tcp(sensor):
    p = 5356 + sensor.offset
    run(["dig", "@127.0.0.1", "-p", str(p), "+tries=1", "+time=2", "www.evil.example", "A"], timeout=15)
    run(["dig", "@127.0.0.1", "-p", str(p), "+tcp", "+tries=1", "+time=4", "cdn.evil.example", "TXT"], timeout=15)
    udp = wait_for(lambda: alerts(sensor, 9900106, dest_port=p, transport="udp"), 20)
    tcp = wait_for(lambda: alerts(sensor, 9900106, dest_port=p, transport="tcp"), 20)
    assert udp and tcp, sensor.events(event="ids.alert")
    assert udp[0]["protocol"] == "dns" and tcp[0]["protocol"] == "dns"
