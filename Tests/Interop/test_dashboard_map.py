"""The dashboard's world map over real, GeoIP-enriched traffic, in Debian's headless Chromium.

The sensor runs in a network namespace of its own whose loopback also carries a few public addresses
(nothing leaves the namespace); HTTP requests sent from those addresses to the web honeypot are looked
up in the suite's GeoIP test database (MITSU_TEST_GEOIP_DB, else the maxminddb-geolite2 package's
GeoLite2-City) like any attacker's, and the browser reaches the dashboard over a veth pair. Checks: the
overview's server-rendered choropleth shades exactly the countries the store counts (also without
JavaScript), and on the live page a new event lights up its country and drops a dot. Screenshots go to
MITSU_TEST_OUTPUT like test_dashboard.py's."""
import os
import random
import re
import shutil
import subprocess
import time
import uuid

import pytest
import requests

from conftest import GEOIP_DB, Sensor, free_port_base, wait_for
from dashboard_support import attach_dashboard

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402


def _geoip_db():
    if GEOIP_DB and os.path.exists(GEOIP_DB):
        return GEOIP_DB
    try:
        import _maxminddb_geolite2
    except ImportError:
        return ""
    path = os.path.join(os.path.dirname(_maxminddb_geolite2.__file__), "GeoLite2-City.mmdb")
    return path if os.path.exists(path) else ""


GEO = _geoip_db()
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces need root"),
    pytest.mark.skipif(not CHROMIUM or not CHROMEDRIVER, reason="chromium and chromium-driver not installed"),
    pytest.mark.skipif(not GEO, reason="no GeoIP test database"),
]
OUT = os.environ.get("MITSU_TEST_OUTPUT") or os.path.join(os.path.dirname(__file__), "..", "..", ".build", "test-output", "dashboard")

# Source address -> the country GeoLite2-City (2018) gives it, and how many requests it sends.
SOURCES = {"8.8.8.8": ("US", 6), "81.2.69.160": ("GB", 2), "77.88.8.8": ("RU", 1), "114.114.114.114": ("CN", 1),
           "62.210.16.6": ("FR", 1), "195.159.0.100": ("NO", 1)}
LIVE_SOURCE = ("133.242.0.3", "JP")

SEND = r"""
import socket, sys
host, port = sys.argv[1], int(sys.argv[2])
for spec in sys.argv[3:]:
    src, n, path = spec.split(",")
    for i in range(int(n)):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(10)
        s.bind((src, 0))
        s.connect((host, port))
        s.sendall(("GET %s-%d HTTP/1.1\r\nHost: x\r\nUser-Agent: map-test\r\nConnection: close\r\n\r\n" % (path, i)).encode())
        while s.recv(65536):
            pass
        s.close()
"""


def sh(*args, check=True):
    return subprocess.run(list(args), capture_output=True, text=True, check=check)


@pytest.fixture(scope="module")
def mapsensor(tmp_path_factory):
    tag = uuid.uuid4().hex[:6]
    ns, veth_root, veth_ns = f"mitsu-m-{tag}", f"mr{tag}", f"mn{tag}"
    net = random.randint(1, 250)
    root_ip, ns_ip = f"10.207.{net}.2", f"10.207.{net}.1"
    sh("ip", "netns", "add", ns)
    s = None
    try:
        sh("ip", "link", "add", veth_root, "type", "veth", "peer", "name", veth_ns)
        sh("ip", "link", "set", veth_ns, "netns", ns)
        sh("ip", "addr", "add", f"{root_ip}/24", "dev", veth_root)
        sh("ip", "link", "set", veth_root, "up")
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up")
        sh("ip", "netns", "exec", ns, "ip", "addr", "add", f"{ns_ip}/24", "dev", veth_ns)
        sh("ip", "netns", "exec", ns, "ip", "link", "set", veth_ns, "up")
        for src in list(SOURCES) + [LIVE_SOURCE[0]]:
            sh("ip", "netns", "exec", ns, "ip", "addr", "add", f"{src}/32", "dev", "lo")
        tmp = tmp_path_factory.mktemp("dashmap")
        for d in (tmp, tmp.parent, tmp.parent.parent):
            os.chmod(d, 0o755)
        config = f"""
sensor: {{name: map-test}}
geoip: {{city_db: "{GEO}"}}
dashboard: {{listen: {ns_ip}}}
honeypots:
  trap: {{enabled: false}}
  telnet: {{enabled: false}}
  ssh: {{enabled: false}}
  ftp: {{enabled: false}}
  tftp: {{enabled: false}}
  mysql: {{enabled: false}}
  mssql: {{enabled: false}}
  sip: {{enabled: false}}
  smb: {{enabled: false}}
  web:
    tcp_ports: [8080]
    https_ports: []
"""
        s = Sensor(tmp, config, free_port_base(), netns=ns, worker="web").start()
        attach_dashboard(s)
        assert s.dashboard.startswith(f"http://{ns_ip}:"), s.dashboard
        s.ns, s.ns_ip = ns, ns_ip

        def send(*specs):
            subprocess.run(["ip", "netns", "exec", ns, "python3", "-c", SEND, ns_ip, str(8080 + s.offset), *specs],
                           check=True, timeout=60, capture_output=True)
        s.send = send
        assert wait_for(lambda: subprocess.run(["ip", "netns", "exec", ns, "python3", "-c",
                                                f"import socket; socket.create_connection(('{ns_ip}', {8080 + s.offset}), 1)"],
                                               capture_output=True).returncode == 0, 20)
        send(*[f"{src},{n},/map-probe-{cc}" for src, (cc, n) in SOURCES.items()])
        want = {cc for cc, _ in SOURCES.values()}
        assert wait_for(lambda: want <= {e.get("geoip", {}).get("country_code2") for e in s.events(event="http.request")}, 15), \
            [e.get("geoip") for e in s.events(event="http.request")]
        yield s
    finally:
        if s:
            s.stop()
        sh("ip", "netns", "del", ns, check=False)
        sh("ip", "link", "del", veth_root, check=False)


@pytest.fixture(scope="module")
def mapbrowser(mapsensor):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    os.makedirs(OUT, exist_ok=True)
    opts = Options()
    opts.binary_location = CHROMIUM
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1400",
              "--no-proxy-server"]:
        opts.add_argument(a)
    d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    d.set_page_load_timeout(30)
    d.get(mapsensor.dashboard + "/")
    d.find_element(By.ID, "username").send_keys("admin")
    d.find_element(By.ID, "password").send_keys(mapsensor.admin_password)
    d.find_element(By.ID, "login").click()
    assert wait_for(lambda: d.find_elements(By.ID, "total-events"), 30), d.current_url + d.page_source[:2000]
    yield d
    d.quit()


def country_counts(sensor, http_):
    r = http_.get(sensor.dashboard + "/api/v1/overview/top", params={"by": "country", "limit": 100, "range": "1h"})
    assert r.status_code == 200, r.text[:300]
    return {row["country"]: row["count"] for row in r.json()["rows"]}


def map_state(browser, svg_id):
    return browser.execute_script("""
        var out = {};
        document.querySelectorAll('svg#' + arguments[0] + ' path[data-cc]').forEach(function (p) {
            out[p.getAttribute('data-cc')] = {cls: p.getAttribute('class'), count: p.getAttribute('data-count'),
                                               title: p.querySelector('title').textContent,
                                               link: p.parentNode.tagName.toLowerCase() === 'a' ? p.parentNode.getAttribute('href') : null};
        });
        return out;""", svg_id)


def test_overview_map_shades_the_countries_the_store_counts(mapbrowser, mapsensor):
    session = requests.Session()
    session.trust_env = False
    http_ = session
    page = http_.get(mapsensor.dashboard + "/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    http_.post(mapsensor.dashboard + "/login", data={"username": "admin", "password": mapsensor.admin_password, "csrf": token, "next": "/"})
    # Sessions close a moment after their requests: wait until the counts stop moving.
    counts, previous = None, {}
    for _ in range(40):
        counts = country_counts(mapsensor, http_)
        if counts == previous:
            break
        previous = counts
        time.sleep(0.5)
    assert {cc for cc, _ in SOURCES.values()} <= set(counts), counts
    assert counts["US"] > counts["GB"] > counts["RU"], counts

    mapbrowser.get(mapsensor.dashboard + "/?range=1h")
    state = map_state(mapbrowser, "country-map")
    assert len(state) >= 170
    for cc, n in counts.items():
        if cc not in state:
            continue
        assert state[cc]["count"] == str(n), (cc, state[cc], n)
        assert " l0" not in state[cc]["cls"], (cc, state[cc])
        assert state[cc]["title"].endswith(f"({cc}): {n} events"), state[cc]
        assert state[cc]["link"] and f"country={cc}" in state[cc]["link"]
    assert state["US"]["cls"] == "c l5"
    level = lambda cc: int(state[cc]["cls"].split(" l")[1])
    assert level("US") > level("GB") > level("RU") >= 1, {cc: state[cc]["cls"] for cc in counts}
    # Countries without traffic stay unshaded and unlinked.
    for cc in ("BR", "IN", "JP"):
        assert state[cc]["cls"] == "c l0" and state[cc]["link"] is None and state[cc]["count"] == "0"
    assert mapbrowser.execute_script("return document.querySelector('svg#country-map .legend').textContent").startswith("none")
    # The top-countries table names them (from the same Natural Earth data).
    table = [p for p in mapbrowser.find_elements(By.CSS_SELECTOR, "section.panel") if p.find_element(By.TAG_NAME, "h2").text == "Top countries"][0]
    assert "GB United Kingdom" in table.text and "US United States of America" in table.text, table.text
    figure = mapbrowser.find_element(By.ID, "country-map")
    mapbrowser.execute_script("arguments[0].scrollIntoView()", figure)
    figure.screenshot(os.path.join(OUT, "08-map-overview.png"))
    mapbrowser.save_screenshot(os.path.join(OUT, "08b-overview-with-map.png"))

    # The same shading arrives without JavaScript: it is in the server's HTML.
    html = http_.get(mapsensor.dashboard + "/?range=1h").text
    assert re.search(r'<path class="c l5" data-cc="US" data-count="%d"' % counts["US"], html), html[:2000]

    # A country's link leads to explore filtered by it.
    mapbrowser.get(mapsensor.dashboard + state["GB"]["link"])
    assert int(mapbrowser.find_element(By.ID, "match-count").text) == counts["GB"]


def test_live_map_lights_up_a_new_events_country(mapbrowser, mapsensor):
    mapbrowser.get(mapsensor.dashboard + "/live")
    assert wait_for(lambda: mapbrowser.find_element(By.ID, "live-status").text == "live", 10)
    before = map_state(mapbrowser, "live-map")
    assert before["JP"]["cls"] == "c l0" and before["US"]["cls"] != "c l0", (before["JP"], before["US"])
    assert not mapbrowser.find_elements(By.CSS_SELECTOR, "svg#live-map circle.dot")
    sent = time.time()
    mapsensor.send(f"{LIVE_SOURCE[0]},1,/live-map-probe")
    assert wait_for(lambda: "seen" in (mapbrowser.find_element(By.CSS_SELECTOR, 'svg#live-map path[data-cc="JP"]').get_attribute("class") or ""),
                    10, 0.05), map_state(mapbrowser, "live-map")["JP"]
    elapsed = time.time() - sent
    mapbrowser.find_element(By.ID, "live-map").screenshot(os.path.join(OUT, "09-map-live.png"))
    after = map_state(mapbrowser, "live-map")["JP"]
    assert int(after["count"]) >= 1 and after["title"].startswith("Japan (JP): ") and " l0" not in after["cls"], after
    assert mapbrowser.find_element(By.CSS_SELECTOR, "svg#live-map").get_attribute("data-last-hit") == "JP"
    # A dot at the event's GeoIP location: Tokyo is in the map's north-east.
    dots = mapbrowser.find_elements(By.CSS_SELECTOR, "svg#live-map circle.dot")
    assert dots
    cx, cy = float(dots[-1].get_attribute("cx")), float(dots[-1].get_attribute("cy"))
    assert 830 < cx < 880 and -160 < cy < -100, (cx, cy)
    assert "/live-map-probe" in mapbrowser.find_element(By.ID, "live").text
    # Capture to light-up: the request's round trip plus the feed's 200 ms poll.
    assert elapsed < 3, elapsed
