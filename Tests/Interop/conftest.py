"""Shared helpers for the interop tests: they run the real `mitsu` binary (MITSU_BIN) and talk to it
with real sockets, then check what a user would: events.jsonl, `mitsu events --json`, stored fields."""
import collections
import json
import os
import re
import signal
import socket
import subprocess
import time

import pytest

MITSU = os.environ.get("MITSU_BIN") or os.path.abspath(".build/debug/mitsu")
GEOIP_DB = os.environ.get("MITSU_TEST_GEOIP_DB", "")


def free_port_base(count=40):
    """An offset whose ports (base + small default ports) are free, picked from the kernel."""
    for _ in range(50):
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        s.bind(("::", 0))
        port = s.getsockname()[1]
        s.close()
        base = port - port % 100
        # Highest default port a test adds the base to is 8888 (trap) / 8443 (web): keep base + port < 65536.
        if 20000 <= base <= 50000:
            return base
    return 41000


def mitsu(*args, check=True, timeout=60, **kw):
    return subprocess.run([MITSU, *args], capture_output=True, text=True, check=check, timeout=timeout, **kw)


def read_events(data_dir):
    path = os.path.join(data_dir, "log", "events.jsonl")
    if not os.path.exists(path):
        return []
    out = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                out.append(json.loads(line))
    return out


def wait_for(predicate, timeout=10.0, interval=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def without_daily_restart(config_text):
    """`config_text` with the supervisor's daily restart off unless the test sets it: at its default time
    (04:00 UTC) it restarts every worker, and a suite running across that minute saw a scan cut off
    mid-way (nmap read the web port as `tcpwrapped`: one CI failure). Edited as text, not re-dumped
    through a YAML library, so that no other value of the test's config changes type."""
    if "daily_restart" in config_text:
        return config_text
    lines = config_text.splitlines()
    for i, line in enumerate(lines):
        flow = re.fullmatch(r"supervisor:\s*\{(.*)\}\s*", line)
        if flow:
            inner = flow.group(1).strip()
            lines[i] = "supervisor: {daily_restart: \"off\"" + (", " + inner if inner else "") + "}"
            return "\n".join(lines) + "\n"
        if re.fullmatch(r"supervisor:\s*", line):
            following = next((l for l in lines[i + 1:] if l.strip()), "")
            indent = re.match(r"\s*", following).group(0) or "  "
            lines.insert(i + 1, indent + "daily_restart: \"off\"")
            return "\n".join(lines) + "\n"
    return config_text.rstrip("\n") + "\nsupervisor:\n  daily_restart: \"off\"\n"


class Sensor:
    """A running `mitsu run` with its own data directory, config and port offset."""

    def __init__(self, tmp_path, config_text, offset, netns=None, name="data", worker="trap", prefix=()):
        self.worker = worker
        # A command that runs `mitsu run` (taskset, ...), ahead of the netns wrapper's.
        self.prefix = list(prefix)
        self.data = str(tmp_path / name)
        self.config = str(tmp_path / "mitsu.yaml")
        with open(self.config, "w") as f:
            f.write(without_daily_restart(config_text))
        self.offset = offset
        self.netns = netns
        self.proc = None
        # Per worker, the sensor.start events already in the data directory when the current run began:
        # `worker_started`/`worker_pid` count from there, so a retry (below) never answers with the pid of
        # the attempt it replaced (a dead process: one CI failure reading its /proc entry).
        self.starts_before = {}
        self.stderr_path = str(tmp_path / f"{name}-stderr.log")
        # Workers drop to an unprivileged user and then write captured files under the data directory:
        # pytest's private temp folders must let that user through (search permission only).
        p = str(tmp_path)
        while p.startswith("/tmp/") and len(p) > len("/tmp/"):
            os.chmod(p, os.stat(p).st_mode | 0o011)
            p = os.path.dirname(p)

    def start(self):
        for attempt in range(3):
            cmd = [MITSU, "run", "--data", self.data, "--config", self.config, "--port-offset", str(self.offset)]
            if self.netns:
                cmd = ["ip", "netns", "exec", self.netns] + cmd
            cmd = self.prefix + cmd
            self.starts_before = collections.Counter(e.get("honeypot") for e in self.events(event="sensor.start"))
            # A retry appends: the first attempt's log holds the dashboard's one-time admin password (the
            # data directory, and so its user file, is kept; a retry's start prints no password).
            self.stderr = open(self.stderr_path, "w" if attempt == 0 else "a")
            self.proc = subprocess.Popen(cmd, stdout=self.stderr, stderr=self.stderr)
            started = wait_for(lambda: self.worker_started(self.worker), 30)
            assert started, self.log()
            # Offsets put the ports in the kernel's ephemeral range, which every client socket of the suite
            # draws from: one of them can hold a port between picking the offset and the bind. Then the
            # worker reports it ("1 listener(s) failed to bind") and the sensor starts over elsewhere.
            if self.netns or attempt == 2 or " 0 listener(s) failed to bind" in started.get("message", ""):
                return self
            self.stop()
            self.offset = free_port_base()
        return self

    def log(self):
        with open(self.stderr_path) as f:
            return f.read()

    def events(self, **match):
        return [e for e in read_events(self.data) if all(e.get(k) == v for k, v in match.items())]

    def worker_started(self, worker, after=0):
        """The `after`-th sensor.start of `worker` in the current run (0: its first start)."""
        starts = self.events(event="sensor.start", honeypot=worker)
        i = self.starts_before.get(worker, 0) + after
        return starts[i] if len(starts) > i else None

    def worker_pid(self, worker, nth=0):
        start = self.worker_started(worker, nth)
        return int(start["message"].split()[1].rstrip(",")) if start else None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "stderr", None):
            self.stderr.close()
        return self.proc.returncode if self.proc else None

    def query(self, *args):
        out = mitsu("events", "--data", self.data, "--json", "--limit", "100000", *args).stdout
        return [json.loads(l) for l in out.splitlines() if l.strip()]


def send_tcp(host, port, payload, read=False, family=None):
    fam = family or (socket.AF_INET6 if ":" in host else socket.AF_INET)
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect((host, port))
    reply = b""
    if read:
        try:
            reply = s.recv(4096)
        except socket.timeout:
            pass
    s.sendall(payload)
    s.shutdown(socket.SHUT_WR)
    try:
        while s.recv(4096):
            pass
    except OSError:
        pass
    s.close()
    return reply


@pytest.fixture
def port_offset():
    return free_port_base()
