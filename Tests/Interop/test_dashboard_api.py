"""MitsuDashboard's HTTP surface with real clients (python requests, http.client, paramiko as the
attacker): no data without login or token, cookie flags, CSRF, the login rate limit, the `mitsu user`
commands, the overview/explore/export API over real honeypot traffic, /metrics and the SSE feed."""
import csv
import io
import json
import os
import re
import http.client
import socket
import time
import urllib.parse

import pytest
import requests

from conftest import Sensor, mitsu, wait_for
from dashboard_support import CONFIG, api, dashboard_port, free_offset, login, raw_http, ssh_login, start_sensor


@pytest.fixture(scope="module")
def dash(tmp_path_factory):
    s = start_sensor(tmp_path_factory.mktemp("dash"))
    yield s
    s.stop()


def test_listener_honours_port_offset_and_loopback(dash):
    assert dash.dashboard == f"http://127.0.0.1:{dashboard_port(dash.offset)}"
    assert "dashboard on " + dash.dashboard in dash.log()


def test_nothing_without_login_or_token(dash):
    for path in ["/api/v1/overview/totals", "/api/v1/events", "/api/v1/live", "/metrics", "/api/v1/export?format=csv"]:
        r = requests.get(dash.dashboard + path, allow_redirects=False, timeout=10)
        assert r.status_code == 401, path
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
        assert "events" not in r.json() and "error" in r.json()
    r = requests.get(dash.dashboard + "/explore?username=root", allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"] == "/login?next=%2Fexplore%3Fusername%3Droot"
    r = requests.get(dash.dashboard + "/api/v1/events", headers={"Authorization": "Bearer mitsu_forged"})
    assert r.status_code == 401
    r = requests.get(dash.dashboard + "/", cookies={"mitsu_session": "forged"}, allow_redirects=False)
    assert r.status_code == 303


def test_login_cookie_flags_and_security_headers(dash):
    http_ = requests.Session()
    page = http_.get(dash.dashboard + "/login")
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert page.headers["X-Content-Type-Options"] == "nosniff" and page.headers["X-Frame-Options"] == "DENY"
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    r = http_.post(dash.dashboard + "/login", data={"username": "admin", "password": dash.admin_password, "csrf": token,
                                                    "next": "//evil.example/"}, allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"] == "/"
    cookie = [c for c in r.raw.headers.getlist("Set-Cookie") if c.startswith("mitsu_session=")][0]
    flags = [f.strip().lower() for f in cookie.split(";")]
    assert "httponly" in flags and "samesite=strict" in flags and "path=/" in flags
    assert "secure" not in flags  # plain HTTP on loopback; Secure would make the browser drop it
    r = http_.get(dash.dashboard + "/api/v1/overview/totals")
    assert r.status_code == 200 and r.json()["events"] > 0
    assert r.headers["Content-Type"] == "application/json" and r.headers["Cache-Control"] == "no-store"


def test_login_form_needs_its_csrf_cookie(dash):
    r = requests.post(dash.dashboard + "/login", data={"username": "admin", "password": dash.admin_password, "csrf": "guess"},
                      allow_redirects=False)
    assert r.status_code == 403 and "mitsu_session" not in r.headers.get("Set-Cookie", "")


def test_state_changing_requests_need_the_csrf_token(dash):
    http_, csrf = login(dash)
    r = http_.post(dash.dashboard + "/logout", data={}, allow_redirects=False)
    assert r.status_code == 403 and "CSRF" in r.json()["error"]
    r = http_.post(dash.dashboard + "/logout", data={"csrf": "wrong" + csrf}, allow_redirects=False)
    assert r.status_code == 403
    r = http_.post(dash.dashboard + "/logout", headers={"X-CSRF-Token": csrf}, allow_redirects=False)
    assert r.status_code == 303
    assert http_.get(dash.dashboard + "/api/v1/overview/totals").status_code == 401


def _login_from(dash, source, user, password):
    page = requests.get(dash.dashboard + "/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    host, port = urllib.parse.urlsplit(dash.dashboard).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10, source_address=(source, 0))
    body = urllib.parse.urlencode({"username": user, "password": password, "csrf": token})
    conn.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"mitsu_login_csrf={token}"})
    r = conn.getresponse()
    r.read()
    conn.close()
    return r.status, r.getheader("Retry-After")


def test_login_rate_limit_per_address_and_per_account(dash):
    r = mitsu("user", "add", "carol", "--password-stdin", "--data", dash.data, input="carol-long-password\n")
    assert "created user carol" in r.stdout
    statuses = [_login_from(dash, "127.0.0.2", "carol", f"wrong-{i}")[0] for i in range(5)]
    assert statuses == [401] * 5
    status, retry = _login_from(dash, "127.0.0.2", "carol", "carol-long-password")
    assert status == 429 and int(retry) > 0
    # The same address trying another account is refused too, and so is the account from another address.
    assert _login_from(dash, "127.0.0.2", "admin", dash.admin_password)[0] == 429
    assert _login_from(dash, "127.0.0.3", "carol", "carol-long-password")[0] == 429
    # Other clients and accounts are unaffected.
    assert _login_from(dash, "127.0.0.4", "admin", dash.admin_password)[0] == 303


def test_user_commands_and_api_tokens(dash):
    r = mitsu("user", "add", "dave", "--data", dash.data)
    password = re.search(r"created user dave with password (\S+)", r.stdout).group(1)
    http_, _ = login(dash, "dave", password)
    assert http_.get(dash.dashboard + "/api/v1/overview/totals").status_code == 200
    token = re.search(r"token (\S+) for dave: (\S+)", mitsu("user", "token", "dave", "--data", dash.data).stdout)
    tid, secret = token.group(1), token.group(2)
    bearer = {"Authorization": f"Bearer {secret}"}
    assert requests.get(dash.dashboard + "/api/v1/overview/totals", headers=bearer).status_code == 200
    users = open(os.path.join(dash.data, "dashboard", "users.json")).read()
    assert secret not in users and password not in users
    assert oct(os.stat(os.path.join(dash.data, "dashboard", "users.json")).st_mode & 0o777) == "0o600"
    # A new password: the old one stops working.
    new = re.search(r"new password for dave: (\S+)", mitsu("user", "passwd", "dave", "--data", dash.data).stdout).group(1)
    assert new != password
    login(dash, "dave", new)
    mitsu("user", "revoke-token", tid, "--data", dash.data)
    assert requests.get(dash.dashboard + "/api/v1/overview/totals", headers=bearer).status_code == 401
    mitsu("user", "remove", "dave", "--data", dash.data)
    # Removal ends the logged-in browser session too.
    assert http_.get(dash.dashboard + "/api/v1/overview/totals").status_code == 401
    r = mitsu("user", "add", "bad name", "--data", dash.data, check=False)
    assert r.returncode != 0 and "invalid user name" in r.stderr


def test_overview_api_counts_real_ssh_and_web_attacks(dash):
    http_, _ = login(dash)
    for i in range(3):
        ssh_login(dash, "api-user-7", f"pw-{i}")
    raw_http(dash, "/cgi-bin/api-probe.cgi", "api-agent/1.0")
    wait_for(lambda: any(r["username"] == "api-user-7" and r["count"] == 3
                         for r in api(http_, dash, "/api/v1/overview/top", by="username", limit=100)["rows"]), 10)
    top = api(http_, dash, "/api/v1/overview/top", by="username", limit=100)
    assert {"username": "api-user-7", "count": 3} in top["rows"] and top["columns"] == ["username"]
    pairs = api(http_, dash, "/api/v1/overview/top", by="credentials", limit=1000)["rows"]
    assert {"username": "api-user-7", "password": "pw-1", "count": 1} in pairs
    ips = api(http_, dash, "/api/v1/overview/top", by="src_ip")["rows"]
    assert ips[0]["src_ip"] == "127.0.0.1" and ips[0]["count"] >= 4
    uas = wait_for(lambda: api(http_, dash, "/api/v1/overview/top", by="user_agent")["rows"], 5)
    assert {"user_agent": "api-agent/1.0", "count": 1} in uas
    totals = api(http_, dash, "/api/v1/overview/totals", range="1h")
    assert totals["events"] >= 8 and totals["attackers"] >= 1 and totals["range"]["range"] == "1h"
    series = api(http_, dash, "/api/v1/overview/series", by="honeypot", range="1h")
    assert series["range"]["bucket_ms"] == 60000
    assert {p["key"] for p in series["points"]} >= {"ssh", "web"}
    ports = api(http_, dash, "/api/v1/overview/series", by="dest_port", range="1h")
    assert str(2222 + dash.offset) in {p["key"] for p in ports["points"]}
    assert http_.get(dash.dashboard + "/api/v1/overview/top", params={"by": "password; DROP TABLE events"}).status_code == 400
    assert http_.get(dash.dashboard + "/api/v1/overview/totals", params={"range": "1y"}).status_code == 400
    assert http_.get(dash.dashboard + "/api/v1/events", params={"src_ip": "not-an-ip"}).status_code == 400


def test_per_honeypot_api_and_login_success_rate(dash):
    http_, _ = login(dash)
    before = api(http_, dash, "/api/v1/honeypots/ssh", range="1h")["logins"]
    ssh_login(dash, "root", command="id")  # root:123456 is accepted by the config's auth rules
    ssh_login(dash, "rate-user", "nope")
    def logins():
        now = api(http_, dash, "/api/v1/honeypots/ssh", range="1h")
        return now if now["logins"]["attempts"] >= before["attempts"] + 2 else None
    now = wait_for(logins, 10)
    assert now["logins"]["success"] == before["success"] + 1
    assert {"username": "rate-user", "count": 1} in now["top"]["username"]
    assert any(r["client_version"].startswith("SSH-2.0-paramiko") for r in now["top"]["client_version"])
    assert any(r["command"] == "id" for r in now["top"]["command"])
    web = api(http_, dash, "/api/v1/honeypots/web", range="1h")
    assert set(web["top"]) == {"http_uri", "http_method", "user_agent", "attack_category", "cve", "src_ip"}
    assert http_.get(dash.dashboard + "/api/v1/honeypots/..%2Fetc").status_code == 400
    page = http_.get(dash.dashboard + "/honeypots/ssh?range=1h").text
    assert 'id="success-rate"' in page and "rate-user" in page
    # The page has its own range picker and auto-refresh, like the overview.
    assert '<a href="/honeypots/ssh?range=7d">7d</a>' in page and '<form class="range" method="get" action="/honeypots/ssh">' in page
    assert 'href="/honeypots/ssh?range=1h&amp;refresh=60"' in page
    refreshed = http_.get(dash.dashboard + "/honeypots/ssh?range=1h&refresh=30").text
    assert '<meta http-equiv="refresh" content="30">' in refreshed


def test_explore_filters_and_exports(dash):
    http_, _ = login(dash)
    formula = "=HYPERLINK(\"http://evil\")"
    ssh_login(dash, formula, "+SUM(1)")
    ssh_login(dash, "export-user", "pw")
    wait_for(lambda: api(http_, dash, "/api/v1/events", username=formula)["total"] == 1, 10)
    # The second login's events may be stored a batch later than the first's.
    wait_for(lambda: api(http_, dash, "/api/v1/events", username="export-user")["total"] >= 1, 10)
    page = api(http_, dash, "/api/v1/events", username=formula, event="login.failed")
    assert page["total"] == 1 and page["events"][0]["event"]["password"] == "+SUM(1)"
    eid = page["events"][0]["id"]
    assert api(http_, dash, f"/api/v1/events/{eid}")["event"]["username"] == formula
    assert api(http_, dash, "/api/v1/events", src_ip="127.0.0.0/8", username="export-user")["total"] >= 1
    assert api(http_, dash, "/api/v1/events", src_ip="10.0.0.0/8")["total"] == 0
    assert api(http_, dash, "/api/v1/events", src_ip="::ffff:127.0.0.1", username="export-user")["total"] >= 1
    assert api(http_, dash, "/api/v1/events", q="HYPERLINK")["total"] >= 1
    r = http_.get(dash.dashboard + "/api/v1/export", params={"format": "csv", "username": formula})
    assert r.headers["Content-Type"].startswith("text/csv") and "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0][:3] == ["@timestamp", "event", "honeypot"]
    login_row = [row for row in rows[1:] if row[1] == "login.failed"][0]
    assert login_row[8] == "'" + formula and login_row[9] == "'+SUM(1)"
    nd = http_.get(dash.dashboard + "/api/v1/export", params={"format": "ndjson", "username": "export-user"}).text
    lines = [json.loads(l) for l in nd.splitlines()]
    assert lines and all(l["username"] == "export-user" for l in lines)
    arr = http_.get(dash.dashboard + "/api/v1/export", params={"format": "json", "username": "export-user"}).json()
    assert arr == lines


def test_metrics_in_prometheus_format(dash):
    http_, _ = login(dash)
    ssh_login(dash, "metrics-user", "pw")
    def metrics():
        t = http_.get(dash.dashboard + "/metrics").text
        return t if 'honeypot="ssh",event="login.failed"' in t else None
    text = wait_for(metrics, 10)
    assert text, http_.get(dash.dashboard + "/metrics").text
    assert "# TYPE mitsu_events_total counter" in text
    n = int(re.search(r'mitsu_events_total\{honeypot="ssh",event="login.failed"\} (\d+)', text).group(1))
    assert n >= 1
    assert re.search(r"^mitsu_collector_queue_depth \d+$", text, re.M)
    assert re.search(r"^mitsu_collector_events_written_total \d+$", text, re.M)
    assert 'mitsu_worker_restarts_total{worker="ssh"} 0' in text


def test_metrics_count_every_refused_connection_per_worker(tmp_path_factory):
    """Beyond its per-address cap a worker closes connections at once and writes one session.refused per
    address and minute; /metrics counts every refusal (read from the worker's stats file)."""
    config = CONFIG.replace("    accept_after: 0\n", "    accept_after: 0\n    limits:\n      max_connections_per_ip: 2\n")
    assert "max_connections_per_ip: 2" in config
    s = start_sensor(tmp_path_factory.mktemp("refused"), config)
    try:
        port = 2222 + s.offset
        held = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(2)]
        for h in held:
            assert h.recv(64).startswith(b"SSH-2.0-"), "both admitted"
        for _ in range(5):
            c = socket.create_connection(("127.0.0.1", port), timeout=10)
            try:
                assert c.recv(64) == b"", "refused: closed without a banner"
            except ConnectionResetError:
                pass
            c.close()
        http_, _ = login(s)
        metric = re.compile(r'^mitsu_connections_refused_total\{worker="ssh"\} (\d+)$', re.M)
        def refused():
            m = metric.search(http_.get(s.dashboard + "/metrics").text)
            return m and int(m.group(1)) >= 5 and int(m.group(1))
        assert wait_for(refused, 15) == 5, http_.get(s.dashboard + "/metrics").text
        text = http_.get(s.dashboard + "/metrics").text
        assert "# TYPE mitsu_connections_refused_total counter" in text
        assert 'mitsu_events_lost_total{worker="ssh"} 0' in text
        assert re.search(r'^mitsu_events_spooled_total\{worker="ssh"\} \d+$', text, re.M)
        events = wait_for(lambda: [e for e in s.events() if e["event"] == "session.refused"] or None, 10)
        assert len(events) == 1 and events[0]["message"] == "per-address connection cap", events
        for h in held:
            h.close()
    finally:
        s.stop()


def test_live_feed_delivers_a_new_event_within_a_second(dash):
    http_, _ = login(dash)
    r = http_.get(dash.dashboard + "/api/v1/live", stream=True, timeout=30)
    assert r.headers["Content-Type"] == "text/event-stream"
    lines = r.iter_lines(decode_unicode=True)
    assert next(lines).startswith("retry:")
    sent = time.time()
    ssh_login(dash, "live-user-1", "pw")
    arrived, captured = None, None
    deadline = time.time() + 15
    for line in lines:
        if line.startswith("data: ") and "live-user-1" in line:
            data = json.loads(line[6:])
            if data["event"]["event"] == "login.failed":
                arrived, captured = time.time(), data["event"]
                break
        if time.time() > deadline:
            break
    r.close()
    assert arrived, "no live event"
    assert captured["username"] == "live-user-1" and captured["password"] == "pw" and captured["honeypot"] == "ssh"
    # Capture → client within a second (the time stamp is taken by the honeypot when it sees the login).
    from datetime import datetime, timezone
    t = datetime.strptime(captured["@timestamp"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp()
    assert arrived - t < 1.0, arrived - t


class SSE:
    """Reads an SSE stream message by message with a deadline: (id, data) per `event`, None on a comment."""

    def __init__(self, response):
        self.r = response
        self.lines = response.iter_lines(decode_unicode=True)
        self.comments = []

    def next_event(self, timeout):
        deadline = time.time() + timeout
        msg_id, data = None, None
        while time.time() < deadline:
            try:
                line = next(self.lines)
            except (StopIteration, requests.exceptions.RequestException):
                return None
            if line.startswith("id: "):
                msg_id = int(line[4:])
            elif line.startswith("data: "):
                data = json.loads(line[6:])
            elif line.startswith(":"):
                self.comments.append(line)
            elif line == "" and data is not None:
                assert msg_id == data["id"], (msg_id, data["id"])
                return msg_id, data["event"]
        return None

    def until(self, predicate, timeout=15):
        got = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = self.next_event(deadline - time.time())
            if m is None:
                break
            got.append(m)
            if predicate(m):
                return got
        raise AssertionError(f"not seen in {timeout} s: {[(i, e.get('event'), e.get('username')) for i, e in got]}")


def _all_ids_after(http_, dash, after):
    ids = [e["id"] for e in api(http_, dash, "/api/v1/events", range="all", limit=1000)["events"]]
    return sorted(i for i in ids if i > after)


def test_live_feed_resumes_after_last_event_id(dash):
    http_, _ = login(dash)
    r = http_.get(dash.dashboard + "/api/v1/live", stream=True, timeout=5)
    first = SSE(r)
    ssh_login(dash, "resume-seen", "pw")
    seen = first.until(lambda m: m[1].get("username") == "resume-seen" and m[1]["event"] == "login.failed")
    last_id = seen[-1][0]
    r.close()
    # Missed while away: two more attacks; wait until the store is quiet (their sessions have closed).
    ssh_login(dash, "resume-missed-1", "pw")
    ssh_login(dash, "resume-missed-2", "pw")
    wait_for(lambda: [e for e in dash.events(event="session.closed")
                      if e.get("session") in {x.get("session") for x in dash.events(username="resume-missed-2")}], 10)
    stable = None
    for _ in range(40):
        now_ids = _all_ids_after(http_, dash, last_id)
        if now_ids == stable:
            break
        stable = now_ids
        time.sleep(0.5)
    missed = stable
    assert len(missed) >= 4, missed
    # Reconnect as a browser does, with Last-Event-ID: first exactly the missed events, in order.
    r = http_.get(dash.dashboard + "/api/v1/live", stream=True, timeout=5, headers={"Last-Event-ID": str(last_id)})
    assert r.status_code == 200
    again = SSE(r)
    replayed = [again.next_event(5) for _ in missed]
    assert [m and m[0] for m in replayed] == missed
    assert {m[1].get("username") for m in replayed} >= {"resume-missed-1", "resume-missed-2"}
    # Then live, without repeating any.
    ssh_login(dash, "resume-live", "pw")
    live = again.until(lambda m: m[1].get("username") == "resume-live" and m[1]["event"] == "login.failed")
    r.close()
    ids = [m[0] for m in replayed + live]
    assert ids == sorted(set(ids)), ids
    assert ids[0] > last_id
    # Everything stored after the resume point up to the live event arrived exactly once.
    assert ids == [i for i in _all_ids_after(http_, dash, last_id) if i <= ids[-1]]

    # The query parameter does the same for a first connection; the header wins over it.
    r = http_.get(dash.dashboard + "/api/v1/live", stream=True, timeout=5, params={"last_event_id": missed[-2]})
    assert SSE(r).next_event(5)[0] == missed[-1]
    r.close()
    r = http_.get(dash.dashboard + "/api/v1/live", stream=True, timeout=5, params={"last_event_id": 0},
                  headers={"Last-Event-ID": str(missed[-2])})
    assert SSE(r).next_event(5)[0] == missed[-1]
    r.close()
    for bad in ["-1", "abc", "1e9", "99999999999999999999"]:
        r = http_.get(dash.dashboard + "/api/v1/live", timeout=5, headers={"Last-Event-ID": bad})
        assert r.status_code == 400 and "last_event_id" in r.json()["error"], (bad, r.status_code, r.text[:200])


def test_bad_dashboard_config_names_file_line_and_key(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sensor:\n  name: x\ndashboard:\n  port: 99999\n")
    r = mitsu("config", "check", str(bad), check=False)
    assert r.returncode != 0 and str(bad) in r.stderr and ":4" in r.stderr and "dashboard.port" in r.stderr
    bad.write_text("dashboard:\n  listen: localhost\n")
    r = mitsu("config", "check", str(bad), check=False)
    assert r.returncode != 0 and "dashboard.listen" in r.stderr


def test_dashboard_that_cannot_bind_does_not_stop_the_sensor(tmp_path):
    offset = free_offset()
    blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    blocker.bind(("127.0.0.1", dashboard_port(offset)))
    blocker.listen(1)
    for d in (tmp_path, tmp_path.parent, tmp_path.parent.parent):
        os.chmod(d, 0o755)
    s = Sensor(tmp_path, __import__("dashboard_support").CONFIG, offset, worker="ssh").start()
    try:
        assert wait_for(lambda: "dashboard: cannot serve" in s.log(), 10), s.log()
        ssh_login(s, "still-working", "pw")
        assert wait_for(lambda: [e for e in s.events(event="login.failed") if e.get("username") == "still-working"], 10)
        assert s.proc.poll() is None
    finally:
        blocker.close()
        assert s.stop() == 0


def test_optional_tls_with_a_persistent_self_signed_certificate(tmp_path):
    import ssl
    import urllib3
    from dashboard_support import CONFIG
    urllib3.disable_warnings()
    s = start_sensor(tmp_path, CONFIG + "dashboard:\n  tls: true\n")
    try:
        assert s.dashboard.startswith("https://127.0.0.1:")
        host, port = s.dashboard[len("https://"):].split(":")
        served = ssl.get_server_certificate((host, int(port)))
        on_disk = open(os.path.join(s.data, "dashboard", "tls-cert.pem")).read()
        assert ssl.PEM_cert_to_DER_cert(served) == ssl.PEM_cert_to_DER_cert(on_disk)
        assert oct(os.stat(os.path.join(s.data, "dashboard", "tls-key.pem")).st_mode & 0o777) == "0o600"
        http_ = requests.Session()
        http_.trust_env = False  # a CA bundle from the environment would override verify=False
        http_.verify = False
        page = http_.get(s.dashboard + "/login")
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        r = http_.post(s.dashboard + "/login", data={"username": "admin", "password": s.admin_password, "csrf": token},
                       allow_redirects=False)
        assert r.status_code == 303
        cookie = [c for c in r.raw.headers.getlist("Set-Cookie") if c.startswith("mitsu_session=")][0]
        assert "secure" in [f.strip().lower() for f in cookie.split(";")]
        assert http_.get(s.dashboard + "/api/v1/overview/totals").status_code == 200
        # Plain HTTP on the TLS port gets no dashboard.
        with pytest.raises(requests.exceptions.ConnectionError):
            requests.get(f"http://{host}:{port}/login", timeout=5)
    finally:
        s.stop()
    # Restart: the same certificate.
    s2 = Sensor(tmp_path, CONFIG + "dashboard:\n  tls: true\n", s.offset, worker="ssh")
    s2.start()
    try:
        assert wait_for(lambda: "dashboard on https://" in s2.log(), 20)
        assert ssl.PEM_cert_to_DER_cert(ssl.get_server_certificate((host, int(port)))) == ssl.PEM_cert_to_DER_cert(on_disk)
    finally:
        s2.stop()
