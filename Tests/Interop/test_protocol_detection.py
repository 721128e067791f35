"""Protocol detection on trap ports, by content not port (issue 8 item 6): real clients started here talk
to trap ports that have nothing to do with their protocol, and the `payload` event's `protocol` and the
fields read from the bytes must say what they spoke. Expected values come from the client's own
configuration or are computed here from the captured bytes (HASSH with hashlib), never from Mitsu.
Every client talks to 127.0.0.1 only."""
import base64
import hashlib
import os
import shutil
import socket
import struct
import subprocess

import pytest

from conftest import Sensor, free_port_base, wait_for

# Config ports (the sensor adds its offset). The SSH port answers with OpenSSH's banner so the client
# goes on to send its KEXINIT; every other port stays silent until the read timeout closes it.
PORTS = {"http": 81, "tls": 4443, "ssh": 7022, "redis": 6380, "mqtt": 1884, "rdp": 3390, "dns_tcp": 5354,
         "mssql": 1434, "adb": 5556, "docker": 2377, "nmap": 9001, "smb": 4445, "mysql": 3307, "mysql_tls": 3308}
UDP = {"dns": 5354, "sip": 5062}
BANNER = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"



def mysql_greeting(tls):
    """A MariaDB-style handshake v10 in bytes below 0x80 (the trap's responses are UTF-8 text): with the
    CLIENT_SSL bit the client answers with an SSLRequest, without it with its HandshakeResponse41."""
    body = bytes([10]) + b"5.5.5-10.11.6-MariaDB-0+deb12u1\0" + bytes([1, 1, 1, 1]) + b"abcdefgh\0"
    body += bytes([0x7f, 0x7f if tls else 0x77, 0x21, 2, 0, 0x08, 0, 21]) + b"\0" * 10 + b"ijklmnopqrst\0mysql_native_password\0"
    return (struct.pack("<I", len(body))[:3] + b"\0" + body).decode("ascii")


def yaml_escape(text):
    return "".join("\\x%02x" % ord(c) if ord(c) < 0x20 or ord(c) >= 0x7f or c in '"\\' else c for c in text)


CONFIG = """
supervisor:
  backoff_initial_ms: 100
  backoff_max_ms: 1000
honeypots:
  ssh: {enabled: false}
  telnet: {enabled: false}
  web: {enabled: false}
  ftp: {enabled: false}
  tftp: {enabled: false}
  mysql: {enabled: false}
  mssql: {enabled: false}
  sip: {enabled: false}
  smb: {enabled: false}
  trap:
    tcp_ports: [%s]
    udp_ports: [%s]
    payload_cap: 16KiB
    read_timeout_seconds: 4
    responses:
      %d: "%s\\r\\n"
      %d: "%s"
      %d: "%s"
""" % (", ".join(str(p) for p in PORTS.values()), ", ".join(str(p) for p in UDP.values()), PORTS["ssh"], BANNER,
       PORTS["mysql"], yaml_escape(mysql_greeting(False)), PORTS["mysql_tls"], yaml_escape(mysql_greeting(True)))


@pytest.fixture(scope="module")
def sensor(tmp_path_factory):
    base = tmp_path_factory.mktemp("protodetect")
    s = Sensor(base, CONFIG, free_port_base()).start()
    yield s
    s.stop()


def port(sensor, name):
    return (PORTS.get(name) or UDP[name]) + sensor.offset


def payloads(sensor, name, transport="tcp", timeout=20, where=lambda e: True):
    p = port(sensor, name)
    return wait_for(lambda: [e for e in sensor.events(event="payload", honeypot="trap")
                             if e["dest_port"] == p and e["transport"] == transport and where(e)], timeout)


def run(cmd, timeout=30, env=None):
    """Runs a client that will fail (nobody answers it properly); its exit status does not matter."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL, env=env)
    except subprocess.TimeoutExpired:
        return None


def need(tool):
    return pytest.mark.skipif(shutil.which(tool) is None, reason=f"needs {tool} (scripts/install-test-deps.sh)")


def b64(e):
    return base64.b64decode(e["payload"]["b64"])


@need("curl")
def test_curl_plain_http_on_a_non_http_port(sensor):
    run(["curl", "-s", "--max-time", "8", "-A", "mitsu-interop/1.0", f"http://127.0.0.1:{port(sensor, 'http')}/probe?x=1"])
    e = payloads(sensor, "http")[0]
    assert e["protocol"] == "http", e
    assert e["http"]["method"] == "GET" and e["http"]["uri"] == "/probe?x=1" and e["http"]["version"] == "HTTP/1.1"
    assert e["http"]["user_agent"] == "mitsu-interop/1.0" and e["http"]["host"] == f"127.0.0.1:{port(sensor, 'http')}"


@need("curl")
def test_curl_over_tls_gives_tls_with_sni(sensor):
    p = port(sensor, "tls")
    run(["curl", "-sk", "--max-time", "8", "--resolve", f"trap.test:{p}:127.0.0.1", f"https://trap.test:{p}/"])
    e = payloads(sensor, "tls")[0]
    assert e["protocol"] == "tls", e
    assert e["tls"]["sni"] == "trap.test" and e["tls"]["ja4"].startswith("t13d")
    assert e["tls"]["ja3_hash"] == hashlib.md5(e["tls"]["ja3"].encode()).hexdigest()


def kexinit_lists(payload):
    """The client's version line and the ten name-lists of its KEXINIT, parsed here (RFC 4253)."""
    line, rest = payload.split(b"\n", 1)
    length, padding = struct.unpack(">IB", rest[:5])
    body = rest[5:5 + length - 1 - padding]
    assert body[0] == 20, "not a KEXINIT"
    i, lists = 17, []
    for _ in range(10):
        (n,) = struct.unpack(">I", body[i:i + 4])
        lists.append(body[i + 4:i + 4 + n].decode())
        i += 4 + n
    return line.rstrip(b"\r").decode(), lists


def ssh_config(option):
    out = subprocess.run(["ssh", "-G", "-p", "22", "mitsu@127.0.0.1"], capture_output=True, text=True, timeout=10).stdout
    return next(l.split(" ", 1)[1] for l in out.splitlines() if l.startswith(option + " "))


@need("ssh")
def test_openssh_client_version_and_hassh(sensor):
    run(["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
         "-o", "ConnectTimeout=10", "-p", str(port(sensor, "ssh")), "mitsu@127.0.0.1", "true"], timeout=30)
    e = payloads(sensor, "ssh")[0]
    assert e["protocol"] == "ssh", e
    version, lists = kexinit_lists(b64(e))
    client = subprocess.run(["ssh", "-V"], capture_output=True, text=True).stderr.split()[0].rstrip(",")
    assert e["client_version"] == version and version.startswith("SSH-2.0-" + client.split("_")[0] + "_"), (version, client)
    algos = ";".join([lists[0], lists[2], lists[4], lists[6]])
    assert e["hassh_algorithms"] == algos
    assert e["hassh"] == hashlib.md5(algos.encode()).hexdigest()
    # And the lists are the client's own configuration (ssh -G), in its order.
    assert lists[0].startswith(ssh_config("kexalgorithms")) and lists[2] == ssh_config("ciphers") and lists[4] == ssh_config("macs")


@need("redis-cli")
def test_redis_cli(sensor):
    run(["redis-cli", "-h", "127.0.0.1", "-p", str(port(sensor, "redis")), "CONFIG", "SET", "dir", "/tmp"], timeout=20)
    e = payloads(sensor, "redis")[0]
    assert e["protocol"] == "redis" and e["input"] == "CONFIG SET dir /tmp", e


@need("mosquitto_pub")
def test_mosquitto_pub_connect(sensor):
    run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(port(sensor, "mqtt")), "-t", "mitsu/test", "-m", "hello",
         "-i", "mitsu-probe-1", "-u", "alice", "-P", "secret"], timeout=20)
    e = payloads(sensor, "mqtt")[0]
    assert e["protocol"] == "mqtt" and e["client_id"] == "mitsu-probe-1" and e["username"] == "alice", e


def test_rdp_connection_request_cookie(sensor):
    cookie = b"Cookie: mstshash=hacker\r\n"
    neg = bytes([1, 0, 8, 0, 3, 0, 0, 0])
    x224 = bytes([6 + len(cookie) + len(neg), 0xE0, 0, 0, 0, 0, 0]) + cookie + neg
    with socket.create_connection(("127.0.0.1", port(sensor, "rdp")), timeout=5) as s:
        s.sendall(b"\x03\x00" + struct.pack(">H", 4 + len(x224)) + x224)
        s.shutdown(socket.SHUT_WR)
        s.recv(10)
    e = payloads(sensor, "rdp")[0]
    assert e["protocol"] == "rdp" and e["username"] == "hacker", e


@need("dig")
def test_dig_over_udp_and_tcp(sensor):
    run(["dig", "@127.0.0.1", "-p", str(port(sensor, "dns")), "+tries=1", "+time=1", "mitsu.example", "AAAA"])
    u = payloads(sensor, "dns", transport="udp")[0]
    assert u["protocol"] == "dns" and u["dns"] == {"rrname": "mitsu.example", "rrtype": "AAAA"}, u
    run(["dig", "@127.0.0.1", "-p", str(port(sensor, "dns_tcp")), "+tcp", "+tries=1", "+time=6", "version.bind", "TXT", "CH"])
    t = payloads(sensor, "dns_tcp")[0]
    assert t["protocol"] == "dns" and t["dns"] == {"rrname": "version.bind", "rrtype": "TXT"}, t


def test_python_tds_prelogin(sensor):
    pytds = pytest.importorskip("pytds")
    try:
        pytds.connect(dsn="127.0.0.1", port=port(sensor, "mssql"), user="sa", password="x", login_timeout=8, timeout=8)
    except Exception:
        pass
    e = payloads(sensor, "mssql")[0]
    assert e["protocol"] == "mssql", e
    raw = b64(e)
    assert raw[0] == 0x12
    # The VERSION option (token 0) as the bytes say, read here.
    off, size = struct.unpack(">HH", raw[9:13])
    major, minor, build, sub = struct.unpack(">BBHH", raw[8 + off:8 + off + 6])
    assert raw[8] == 0 and size >= 6 and e["client_version"] == f"{major}.{minor}.{build}.{sub}", e


@need("adb")
def test_adb_connect(sensor, tmp_path):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    server_port = s.getsockname()[1]
    s.close()
    env = dict(os.environ, ANDROID_ADB_SERVER_PORT=str(server_port), HOME=str(tmp_path))
    try:
        run(["adb", "connect", f"127.0.0.1:{port(sensor, 'adb')}"], timeout=30, env=env)
        e = payloads(sensor, "adb")[0]
    finally:
        run(["adb", "kill-server"], timeout=15, env=env)
    assert e["protocol"] == "adb" and e["client_version"].startswith("host::"), e
    assert "features=" in e["client_version"]


def test_impacket_smb_negotiate(sensor):
    smbconnection = pytest.importorskip("impacket.smbconnection")
    try:
        smbconnection.SMBConnection("127.0.0.1", "127.0.0.1", sess_port=port(sensor, "smb"), timeout=8)
    except Exception:
        pass
    e = payloads(sensor, "smb")[0]
    assert e["protocol"] == "smb", e
    raw = b64(e)
    assert raw[0] == 0 and raw[4:8] in (b"\xffSMB", b"\xfeSMB"), raw[:8]


def test_pymysql_handshake_response_and_ssl_request(sensor):
    pymysql = pytest.importorskip("pymysql")
    for name in ("mysql", "mysql_tls"):
        try:
            pymysql.connect(host="127.0.0.1", port=port(sensor, name), user="root", password="pw", database="shop",
                            connect_timeout=8, ssl={"check_hostname": False} if name == "mysql_tls" else None)
        except Exception:
            pass
    e = payloads(sensor, "mysql")[0]
    assert e["protocol"] == "mysql" and e["username"] == "root" and e["database"] == "shop", e
    t = payloads(sensor, "mysql_tls")[0]
    raw = b64(t)
    # SSLRequest: a 32-byte packet, sequence 1, CLIENT_SSL set; TLS follows on the same stream.
    assert t["protocol"] == "mysql" and raw[:4] == b"\x20\x00\x00\x01" and struct.unpack("<I", raw[4:8])[0] & 0x800, raw[:40]
    assert "username" not in t


def test_docker_sdk_version(sensor):
    docker = pytest.importorskip("docker")
    try:
        docker.APIClient(base_url=f"tcp://127.0.0.1:{port(sensor, 'docker')}", version="1.41", timeout=8).version()
    except Exception:
        pass
    e = payloads(sensor, "docker")[0]
    assert e["protocol"] == "docker" and e["http"]["uri"] == "/v1.41/version", e
    assert e["http"]["user_agent"].startswith("docker-sdk-python/")


@need("sipsak")
def test_sipsak_options_over_udp(sensor):
    run(["sipsak", "-s", f"sip:100@127.0.0.1:{port(sensor, 'sip')}"], timeout=8)
    e = payloads(sensor, "sip", transport="udp")[0]
    assert e["protocol"] == "sip" and e["sip"]["method"] == "OPTIONS", e
    # What sipsak put in its request line and headers, read here (sipsak 0.9.8 cuts a 5-digit port to 4
    # digits in the URI it writes, so the URI is compared with the bytes, not with the command line).
    lines = b64(e).decode().split("\r\n")
    headers = dict(l.split(": ", 1) for l in lines[1:] if ": " in l)
    assert e["sip"]["uri"] == lines[0].split(" ")[1] and e["sip"]["uri"].startswith("sip:100@127.0.0.1:")
    assert e["sip"]["call_id"] == headers["Call-ID"] and e["sip"]["from"] == headers["From"] and e["sip"]["to"] == headers["To"]
    assert e["sip"]["user_agent"] == headers["User-Agent"] and e["sip"]["user_agent"].startswith("sipsak ")


@need("nmap")
def test_nmap_version_probes(sensor):
    p = port(sensor, "nmap")
    run(["nmap", "-Pn", "-n", "-sV", "--version-intensity", "1", "-p", str(p), "127.0.0.1"], timeout=120)
    events = payloads(sensor, "nmap", where=lambda e: e.get("protocol") == "http")
    assert events, sensor.events(event="payload", dest_port=p)
    # nmap's GetRequest probe, exactly as nmap-service-probes writes it.
    get = [e for e in events if b64(e) == b"GET / HTTP/1.0\r\n\r\n"]
    assert get and get[0]["http"]["method"] == "GET" and get[0]["http"]["uri"] == "/", events
    # Every nmap probe got a label; none is left without `protocol`: its SSLSessionReq/TLSSessionReq
    # ClientHellos are `tls`, GenericLines (a bare CRLF CRLF) is `unknown`.
    every = sensor.events(event="payload", dest_port=p)
    assert all(e.get("protocol") for e in every)
    assert [e for e in every if e["protocol"] == "tls" and b64(e)[0] == 0x16], every
    assert [e["protocol"] for e in every if b64(e) == b"\r\n\r\n"] in ([], ["unknown"])


def test_dashboard_trap_page_shows_protocol_spoken_vs_port(sensor):
    """After the clients above, the trap page's table and API pair each protocol with the port it was
    spoken on: HTTP on the `http` port, SSH on the `ssh` port, Redis on the `redis` port."""
    from dashboard_support import api, attach_dashboard, login
    attach_dashboard(sensor)
    http_, _ = login(sensor)
    expected = {("http", port(sensor, "http")), ("ssh", port(sensor, "ssh")), ("redis", port(sensor, "redis")),
                ("docker", port(sensor, "docker")), ("dns", port(sensor, "dns"))}
    def pairs():
        rows = api(http_, sensor, "/api/v1/honeypots/trap", range="1h").get("protocol_ports", [])
        got = {(r["protocol"], r["port"]) for r in rows}
        return rows if expected <= got else None
    rows = wait_for(pairs, 20)
    assert rows, api(http_, sensor, "/api/v1/honeypots/trap", range="1h")
    # Counted independently from events.jsonl.
    n = len([e for e in sensor.events(event="payload", honeypot="trap") if e["dest_port"] == port(sensor, "ssh") and e["protocol"] == "ssh"])
    assert {"protocol": "ssh", "port": port(sensor, "ssh"), "count": n} in rows
    page = http_.get(sensor.dashboard + "/honeypots/trap?range=1h").text
    assert "Protocol spoken vs port" in page
    table = page.split("Protocol spoken vs port", 1)[1].split("</table>", 1)[0]
    assert f"<td>redis</td><td>{port(sensor, 'redis')}</td>" in table, table[:2000]
    assert "Protocol spoken vs port" not in http_.get(sensor.dashboard + "/honeypots/ssh?range=1h").text


IDS_RULES = """\
alert ssh any any -> any any (msg:"test: SSH client on a trap port"; flow:established,to_server; content:"SSH-2.0-"; startswith; sid:9900001; rev:1;)
alert http any any -> any any (msg:"test: HTTP user agent on a trap port"; http.user_agent; content:"mitsu-ids-probe"; sid:9900002; rev:1;)
alert http any any -> any any (msg:"test: never, SSH is not HTTP"; content:"SSH-2.0-"; sid:9900003; rev:1;)
alert tls any any -> any any (msg:"test: never, HTTP is not TLS"; content:"mitsu-ids-probe"; sid:9900004; rev:1;)
"""


@need("ssh")
@need("curl")
def test_ids_app_layer_rules_follow_the_detected_protocol(tmp_path):
    """`alert ssh` fires on an OpenSSH client talking to a trap port, `alert http` with a sticky buffer on
    curl talking to another; rules for the other protocols stay silent on the same payloads."""
    (tmp_path / "test.rules").write_text(IDS_RULES)
    config = """
honeypots:
  ssh: {enabled: false}
  telnet: {enabled: false}
  web: {enabled: false}
  ftp: {enabled: false}
  tftp: {enabled: false}
  mysql: {enabled: false}
  mssql: {enabled: false}
  sip: {enabled: false}
  smb: {enabled: false}
  trap:
    tcp_ports: [2376, 9201]
    read_timeout_seconds: 3
ids:
  rule_files: [test.rules]
"""
    s = Sensor(tmp_path, config, free_port_base()).start()
    try:
        run(["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
             "-o", "ConnectTimeout=10", "-p", str(2376 + s.offset), "mitsu@127.0.0.1", "true"], timeout=30)
        run(["curl", "-s", "--max-time", "8", "-A", "mitsu-ids-probe/1", f"http://127.0.0.1:{9201 + s.offset}/"])
        def alerts(sid):
            return [a for a in s.events(event="ids.alert") if a["alert"]["signature_id"] == sid]
        ssh_alert = wait_for(lambda: alerts(9900001), 20)
        http_alert = wait_for(lambda: alerts(9900002), 20)
        assert ssh_alert and http_alert, s.events(event="ids.alert")
        assert ssh_alert[0]["dest_port"] == 2376 + s.offset and ssh_alert[0]["protocol"] == "ssh"
        assert http_alert[0]["dest_port"] == 9201 + s.offset and http_alert[0]["protocol"] == "http"
        payload = [e for e in s.events(event="payload") if e["session"] == ssh_alert[0]["session"]]
        assert payload and payload[0]["protocol"] == "ssh", "the alert is tied to the payload's session"
        assert not alerts(9900003) and not alerts(9900004)
    finally:
        s.stop()
