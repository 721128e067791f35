"""`mitsu run` end to end: real sockets in, events.jsonl and the SQLite store out."""
import hashlib
import os
import signal
import socket
import sqlite3
import time

import pytest

from conftest import Sensor, mitsu, read_events, send_tcp, wait_for

CONFIG = """
sensor:
  name: ci-sensor
supervisor:
  backoff_initial_ms: 100
  backoff_max_ms: 1000
honeypots:
  trap:
    tcp_ports: [81, 6379, 8888]
    udp_ports: [123]
    payload_cap: 4KiB
    read_timeout_seconds: 5
    responses:
      8888: "HTTP/1.0 200 OK\\r\\nServer: nginx\\r\\n\\r\\n"
"""


@pytest.fixture
def sensor(tmp_path, port_offset):
    s = Sensor(tmp_path, CONFIG, port_offset).start()
    yield s
    s.stop()


def payload_events(sensor, sha):
    return [e for e in sensor.events(event="payload") if e.get("payload", {}).get("sha256") == sha]


def test_tcp_payload_reaches_jsonl_within_a_second_and_the_store(sensor):
    port = 6379 + sensor.offset
    data = b"*1\r\n$4\r\nINFO\r\n\x00\xff" + os.urandom(16)
    sha = hashlib.sha256(data).hexdigest()
    sent_at = time.time()
    send_tcp("127.0.0.1", port, data)
    assert wait_for(lambda: payload_events(sensor, sha), timeout=1.0), "payload not in events.jsonl within 1 s"
    assert time.time() - sent_at < 1.5
    e = payload_events(sensor, sha)[0]
    assert e["honeypot"] == "trap" and e["transport"] == "tcp"
    assert e["dest_port"] == port and e["src_ip"] == "127.0.0.1"
    assert e["payload"]["length"] == len(data)
    assert e["payload"]["md5"] == hashlib.md5(data).hexdigest()
    assert e["sensor"] == "ci-sensor"
    assert e["geoip"] == {"label": "loopback"}
    assert len(e["session"]) == 12
    # the same event through the CLI, with each filter
    stored = wait_for(lambda: [x for x in sensor.query("--event", "payload", "--honeypot", "trap")
                               if x["payload"]["sha256"] == sha], timeout=3)
    assert stored and stored[0]["dest_port"] == port
    assert [x for x in sensor.query("--src-ip", "127.0.0.0/8", "--since", "1h") if x.get("session") == e["session"]]
    assert not [x for x in sensor.query("--src-ip", "10.0.0.0/8") if x.get("session") == e["session"]]
    kinds = [x["event"] for x in sensor.query("--session", e["session"])]
    assert kinds == ["session.connect", "payload", "session.close"]


def test_ipv6_and_canned_response_and_udp(sensor):
    port = 8888 + sensor.offset
    reply = send_tcp("::1", port, b"GET / HTTP/1.0\r\n\r\n", read=True)
    assert reply == b"HTTP/1.0 200 OK\r\nServer: nginx\r\n\r\n"
    sha = hashlib.sha256(b"GET / HTTP/1.0\r\n\r\n").hexdigest()
    assert wait_for(lambda: payload_events(sensor, sha), 10)
    e = payload_events(sensor, sha)[0]
    assert e["src_ip"] == "::1" and e["dest_port"] == port
    close = wait_for(lambda: [x for x in sensor.events(event="session.close") if x["session"] == e["session"]], 10)
    assert close[0]["bytes_out"] == len(reply)

    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    ntp = b"\x17\x00\x03\x2a" + b"\x00" * 4  # ntpdc monlist probe
    u.sendto(ntp, ("127.0.0.1", 123 + sensor.offset))
    u.close()
    sha = hashlib.sha256(ntp).hexdigest()
    assert wait_for(lambda: payload_events(sensor, sha), 10)
    assert payload_events(sensor, sha)[0]["transport"] == "udp"


def test_kill_9_of_worker_is_recorded_restarted_and_loses_nothing(sensor):
    port = 81 + sensor.offset
    before = []
    for i in range(20):
        data = f"before-{i}".encode()
        send_tcp("127.0.0.1", port, data)
        before.append(hashlib.sha256(data).hexdigest())
    pid = sensor.worker_pid("trap")
    os.kill(pid, signal.SIGKILL)
    crash = wait_for(lambda: sensor.events(event="sensor.crash"), 10)
    assert crash and crash[0]["worker"] == "trap" and "signal 9" in crash[0]["message"]
    assert wait_for(lambda: sensor.worker_started("trap", 1), 15), sensor.log()
    assert sensor.worker_pid("trap", 1) != pid
    after = b"after-restart"
    assert wait_for(lambda: _try_send("127.0.0.1", port, after), 10)
    assert wait_for(lambda: payload_events(sensor, hashlib.sha256(after).hexdigest()), 10)
    for sha in before:
        assert payload_events(sensor, sha), f"payload {sha} sent before the kill was lost"
    assert sensor.events(event="sensor.restart")


def _try_send(host, port, data):
    try:
        send_tcp(host, port, data)
        return True
    except OSError:
        return False


def test_graceful_stop_flushes_every_event_to_both_stores(tmp_path, port_offset):
    s = Sensor(tmp_path, CONFIG, port_offset).start()
    shas = []
    for i in range(200):
        data = f"flood-{i}".encode()
        send_tcp("127.0.0.1", 81 + s.offset, data)
        shas.append(hashlib.sha256(data).hexdigest())
    assert s.stop() == 0, s.log()
    events = read_events(s.data)
    got = {e["payload"]["sha256"] for e in events if e["event"] == "payload"}
    assert set(shas) <= got
    assert events[-1]["event"] == "sensor.stop" and events[-1]["honeypot"] == "supervisor"
    db = sqlite3.connect(os.path.join(s.data, "mitsu.sqlite"))
    assert db.execute("select count(*) from events").fetchone()[0] == len(events)
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_events_spool_while_collector_is_away(tmp_path, port_offset):
    data_dir = str(tmp_path / "data")
    cfg = tmp_path / "mitsu.yaml"
    cfg.write_text(CONFIG)
    worker = subprocess_worker(data_dir, str(cfg), port_offset)
    try:
        assert wait_for(lambda: _try_send("127.0.0.1", 81 + port_offset, b"spooled-1"), 10)
        spool = os.path.join(data_dir, "run", "spool", "trap.jsonl")
        assert wait_for(lambda: os.path.exists(spool) and "c3Bvb2xlZC0x" in open(spool).read(), 10), "payload not spooled"
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(20)
    s = Sensor(tmp_path, CONFIG, port_offset).start()
    try:
        sha = hashlib.sha256(b"spooled-1").hexdigest()
        assert wait_for(lambda: payload_events(s, sha), 10), "spooled event never reached the collector"
        assert wait_for(lambda: os.path.getsize(spool) == 0, 5)
    finally:
        s.stop()


def subprocess_worker(data_dir, config, offset):
    import subprocess
    from conftest import MITSU
    return subprocess.Popen([MITSU, "worker", "trap", "--data", data_dir, "--config", config, "--port-offset", str(offset)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_corrupt_database_is_reported_and_honeypots_keep_running(tmp_path, port_offset):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    db_path = data_dir / "mitsu.sqlite"
    db_path.write_bytes(b"this is not a database" * 500)
    s = Sensor(tmp_path, CONFIG, port_offset).start()
    try:
        data = b"while-the-db-is-broken"
        send_tcp("127.0.0.1", 81 + s.offset, data)
        sha = hashlib.sha256(data).hexdigest()
        assert wait_for(lambda: payload_events(s, sha), 10), "events.jsonl must keep working"
        errors = s.events(event="sensor.store_error")
        assert errors and str(db_path) in errors[0]["message"]
        assert str(db_path) in s.log()
    finally:
        assert s.stop() == 0
    pending = data_dir / "run" / "spool" / "pending-sqlite.jsonl"
    assert pending.exists() and sha in pending.read_text()
    # The operator moves the broken file away; the next start imports what waited.
    os.rename(db_path, str(db_path) + ".broken")
    s2 = Sensor(tmp_path, CONFIG, port_offset).start()
    try:
        assert wait_for(lambda: [x for x in s2.query("--event", "payload") if x["payload"]["sha256"] == sha], 10)
    finally:
        s2.stop()
    assert not pending.exists()


def test_daily_restart_gives_workers_a_clean_start(tmp_path, port_offset):
    import datetime
    now = datetime.datetime.now(datetime.timezone.utc)
    if now.second > 45:
        time.sleep(61 - now.second)
        now = datetime.datetime.now(datetime.timezone.utc)
    config = CONFIG.replace("supervisor:\n", f"supervisor:\n  daily_restart: \"{now:%H:%M}\"\n")
    s = Sensor(tmp_path, config, port_offset).start()
    try:
        first = s.worker_pid("trap")
        restart = wait_for(lambda: [e for e in s.events(event="sensor.restart")
                                    if e.get("message") == "daily restart" and e.get("worker") == "trap"], 20)
        assert restart
        assert wait_for(lambda: s.worker_started("trap", 1), 15)
        assert s.worker_pid("trap", 1) != first
        assert not s.events(event="sensor.crash"), "a planned restart is not a crash"
        data = b"after the daily restart"
        assert wait_for(lambda: _try_send("127.0.0.1", 81 + s.offset, data), 10)
        assert wait_for(lambda: payload_events(s, hashlib.sha256(data).hexdigest()), 10)
        time.sleep(6)
        assert len([e for e in s.events(event="sensor.restart")
                    if e.get("message") == "daily restart" and e.get("worker") == "trap"]) == 1, "once a day"
    finally:
        s.stop()


def event_loop_threads(pid):
    names = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/comm") as f:
            names.append(f.read().strip())
    return [n for n in names if n.startswith("NIO-ELT")]


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two CPUs to tell pinned from unpinned")
def test_worker_runs_one_event_loop_per_cpu_it_may_use(tmp_path, port_offset):
    """Pinned to one CPU (taskset, as bench/ssh pins the servers), a worker runs one event loop: a second
    one on the same CPU would only take turns with it. Unpinned, one per CPU."""
    pinned = Sensor(tmp_path, CONFIG, port_offset, name="pinned", prefix=["taskset", "-c", "0"]).start()
    try:
        assert len(event_loop_threads(pinned.worker_pid("trap"))) == 1
    finally:
        pinned.stop()
    free = Sensor(tmp_path, CONFIG, port_offset, name="free").start()
    try:
        assert len(event_loop_threads(free.worker_pid("trap"))) == len(os.sched_getaffinity(0))
    finally:
        free.stop()

