"""MitsuDashboard in a real browser (Debian's headless Chromium driven by selenium) over data produced
by real honeypot connections: login, overview, explore filter, attacker page, session replay, the live
feed, and script payloads sent as SSH usernames/passwords, HTTP paths/user agents and shell commands,
which must show as text and never run. Screenshots go to MITSU_TEST_OUTPUT (default
.build/test-output/dashboard)."""
import json
import os
import re
import shutil
import time
import urllib.parse

import pytest

from conftest import wait_for
from dashboard_support import api, login, raw_http, ssh_login, start_sensor

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not CHROMIUM or not CHROMEDRIVER, reason="chromium and chromium-driver not installed")

OUT = os.environ.get("MITSU_TEST_OUTPUT") or os.path.join(os.path.dirname(__file__), "..", "..", ".build", "test-output", "dashboard")

XSS = {
    "ssh_user": "<img src=x onerror=\"window.__xss='ssh-user';document.title='pwned'\">",
    "ssh_password": "\"><script>window.__xss='ssh-pass';document.title='pwned'</script>",
    "http_path": "/<script>window.__xss='path';document.title='pwned'</script>",
    "user_agent": "<svg onload=\"window.__xss='ua';document.title='pwned'\">",
    "command": "echo '<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>'",
}


@pytest.fixture(scope="module")
def dash(tmp_path_factory):
    s = start_sensor(tmp_path_factory.mktemp("dashui"))
    # Real attacker traffic, hostile strings included.
    ssh_login(s, "ui-user", "ui-pass")
    ssh_login(s, XSS["ssh_user"], XSS["ssh_password"])
    raw_http(s, XSS["http_path"], XSS["user_agent"])
    ssh_login(s, "root", command=XSS["command"])
    wait_for(lambda: [e for e in s.events(event="command.input") if "iframe" in e.get("input", "")], 10)
    wait_for(lambda: [e for e in s.events(event="http.request") if "script" in e.get("http", {}).get("uri", "")], 10)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def browser(dash):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    os.makedirs(OUT, exist_ok=True)
    opts = Options()
    opts.binary_location = CHROMIUM
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1200"]:
        opts.add_argument(a)
    d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    d.set_page_load_timeout(30)
    d.get(dash.dashboard + "/")
    assert "/login" in d.current_url
    d.find_element(By.ID, "username").send_keys("admin")
    d.find_element(By.ID, "password").send_keys(dash.admin_password)
    d.save_screenshot(os.path.join(OUT, "01-login.png"))
    d.find_element(By.ID, "login").click()
    assert wait_for(lambda: d.find_elements(By.ID, "total-events"), 30), d.current_url + d.page_source[:3000]
    yield d
    d.quit()


def assert_no_script_ran(browser, page):
    assert browser.execute_script("return typeof window.__xss") == "undefined", page
    assert "pwned" not in browser.title, page


def test_overview_shows_real_traffic(browser, dash):
    browser.get(dash.dashboard + "/?range=1h")
    total = int(browser.find_element(By.ID, "total-events").text)
    assert total >= 8
    assert int(browser.find_element(By.ID, "total-attackers").text) >= 1
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "ui-user" in text and "ui-pass" in text and "127.0.0.1" in text
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.chart rect")) > 2
    browser.save_screenshot(os.path.join(OUT, "02-overview.png"))
    assert_no_script_ran(browser, "overview")
    # Per-honeypot page from the overview's per-honeypot table.
    browser.find_element(By.LINK_TEXT, "ssh").click()
    wait_for(lambda: browser.find_elements(By.ID, "honeypot-name"), 10)
    assert browser.find_element(By.ID, "honeypot-name").text == "ssh"
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "ui-user" in text and "SSH-2.0-paramiko" in text
    browser.save_screenshot(os.path.join(OUT, "02b-honeypot-ssh.png"))
    assert_no_script_ran(browser, "honeypot ssh")


def test_explore_filter_and_paging(browser, dash):
    browser.get(dash.dashboard + "/explore")
    field = browser.find_element(By.ID, "f-username")
    field.send_keys("ui-user")
    browser.find_element(By.ID, "apply").click()
    wait_for(lambda: "username=ui-user" in browser.current_url, 10)
    assert browser.find_element(By.ID, "match-count").text == "1"
    rows = browser.find_elements(By.CSS_SELECTOR, "table.events tbody tr")
    assert len(rows) == 1 and "login.failed" in rows[0].text and "ui-pass" in rows[0].text
    browser.save_screenshot(os.path.join(OUT, "03-explore.png"))
    rows[0].find_element(By.TAG_NAME, "a").click()
    wait_for(lambda: browser.find_elements(By.ID, "event-json"), 10)
    shown = json.loads(browser.find_element(By.ID, "event-json").text)
    assert shown["username"] == "ui-user" and shown["password"] == "ui-pass" and shown["event"] == "login.failed"


def test_attacker_page(browser, dash):
    browser.get(dash.dashboard + "/attackers/127.0.0.1")
    assert browser.find_element(By.ID, "attacker-ip").text == "127.0.0.1"
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "ui-user" in text and "ssh" in text and "web" in text
    browser.save_screenshot(os.path.join(OUT, "04-attacker.png"))
    assert_no_script_ran(browser, "attacker")


def test_script_payloads_from_real_connections_show_as_text(browser, dash):
    ids = {}
    http_, _ = login(dash)
    for key, kind, params in [("ssh_user", "login.failed", {"username": XSS["ssh_user"]}),
                              ("http_path", "http.request", {"q": "__xss='path'"}),
                              ("command", "command.input", {"q": "iframe srcdoc"})]:
        events = api(http_, dash, "/api/v1/events", event=kind, **params)["events"]
        assert events, key
        ids[key] = events[0]["id"]
    session = api(http_, dash, f"/api/v1/events/{ids['command']}")["event"]["session"]
    pages = ["/?range=1h", "/explore", "/explore?q=" + urllib.parse.quote("<"), "/attackers/127.0.0.1", "/live",
             f"/sessions/{session}"] + [f"/events/{i}" for i in ids.values()]
    for page in pages:
        browser.get(dash.dashboard + page)
        time.sleep(0.3)
        assert_no_script_ran(browser, page)
    browser.get(dash.dashboard + "/explore?range=all")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert XSS["ssh_user"] in body and XSS["ssh_password"] in body
    assert "GET " + XSS["http_path"] in body
    assert XSS["command"] in body
    browser.save_screenshot(os.path.join(OUT, "05-xss-as-text.png"))
    browser.get(dash.dashboard + f"/events/{ids['http_path']}")
    shown = json.loads(browser.find_element(By.ID, "event-json").text)
    assert shown["http"]["user_agent"] == XSS["user_agent"] and shown["http"]["uri"] == XSS["http_path"]
    assert_no_script_ran(browser, "event detail")


def test_live_event_arrives_in_the_page(browser, dash):
    browser.get(dash.dashboard + "/live")
    wait_for(lambda: browser.find_element(By.ID, "live-status").text == "live", 10)
    sent = time.time()
    ssh_login(dash, "browser-live-user", XSS["ssh_password"])
    assert wait_for(lambda: "browser-live-user" in browser.find_element(By.ID, "live").text, 10, 0.05)
    elapsed = time.time() - sent
    browser.save_screenshot(os.path.join(OUT, "06-live.png"))
    assert XSS["ssh_password"] in browser.find_element(By.ID, "live").text
    assert_no_script_ran(browser, "live")
    assert elapsed < 5


def test_session_replay_plays_the_recording(browser, dash):
    import paramiko
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect("127.0.0.1", 2222 + dash.offset, username="root", password="123456", timeout=15, allow_agent=False, look_for_keys=False)
    chan = c.invoke_shell(width=80, height=24)
    time.sleep(0.5)
    chan.send(b"echo replay-marker-$((6*7))\n")
    time.sleep(0.5)
    chan.send(b"exit\n")
    time.sleep(0.5)
    c.close()
    e = wait_for(lambda: [e for e in dash.events(event="command.input") if "replay-marker" in e.get("input", "")], 10)[0]
    sid = e["session"]
    assert wait_for(lambda: os.path.exists(os.path.join(dash.data, "tty", f"{sid}.cast")), 10)
    browser.get(dash.dashboard + f"/sessions/{sid}")
    play = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".player button.play"), 10)
    assert play
    play[0].click()
    assert wait_for(lambda: browser.find_element(By.CSS_SELECTOR, ".player").get_attribute("data-done") == "1", 20)
    screen = browser.find_element(By.CSS_SELECTOR, ".player pre").text
    assert "replay-marker-42" in screen and "echo replay-marker-$((6*7))" in screen
    browser.save_screenshot(os.path.join(OUT, "07-replay.png"))
    assert_no_script_ran(browser, "session")
