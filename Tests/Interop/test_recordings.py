"""Session recordings: every shell session is written as an asciicast v2 file under DATA/tty/, which
asciinema itself reads, and `mitsu replay SESSION` plays back."""
import json
import os
import shutil
import subprocess

import pytest

from conftest import MITSU, Sensor, free_port_base, wait_for

CONFIG = """
honeypots:
  trap:
    enabled: false
  telnet:
    enabled: false
  ssh:
    tcp_ports: [2222]
    hostname: web01
    auth_rules: ["root:123456", "*:!*"]
    accept_after: 0
"""


def test_interactive_session_is_recorded_and_replayed(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    s = Sensor(tmp_path, CONFIG, free_port_base(), worker="ssh").start()
    try:
        child = pexpect.spawn("sshpass", ["-p", "123456", "ssh", "-tt", "-p", str(2222 + s.offset), "-o", "StrictHostKeyChecking=no",
                                          "-o", "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no", "root@127.0.0.1"],
                              timeout=15)
        child.expect_exact("root@web01:~# ")
        child.sendline("uname -m; echo recorded-$((6*7))")
        child.expect_exact("recorded-42")
        child.expect_exact("root@web01:~# ")
        child.sendline("exit")
        child.expect(pexpect.EOF)
        child.close()
        session = wait_for(lambda: [e["session"] for e in s.events(event="command.input") if e.get("input", "").startswith("uname -m")], 10)[0]
        cast = os.path.join(s.data, "tty", f"{session}.cast")
        assert wait_for(lambda: os.path.exists(cast) and "exit" in open(cast).read(), 10)
        lines = open(cast).read().splitlines()
        header = json.loads(lines[0])
        assert header["version"] == 2 and header["width"] > 0 and header["env"]["TERM"]
        frames = [json.loads(l) for l in lines[1:]]
        assert all(isinstance(t, float) or isinstance(t, int) for t, _, _ in frames)
        assert [t for t, _, _ in frames] == sorted(t for t, _, _ in frames), "timed in order"
        assert "".join(x for _, k, x in frames if k == "i").startswith("uname -m; echo recorded-$((6*7))\n")
        played = subprocess.run([MITSU, "replay", session, "--data", s.data, "--instant"], capture_output=True, timeout=30)
        assert played.returncode == 0, played.stderr
        # The bytes the attacker's terminal got, pty line ends included.
        assert b"root@web01:~# uname -m; echo recorded-$((6*7))\r\nx86_64\r\nrecorded-42\r\n" in played.stdout, played.stdout
        if shutil.which("asciinema"):
            # The real asciinema reads the file and prints the same terminal output.
            cat = subprocess.run(["asciinema", "cat", cast], capture_output=True, text=True, timeout=30)
            assert cat.returncode == 0 and "recorded-42" in cat.stdout, cat.stderr
        bad = subprocess.run([MITSU, "replay", "../../etc/passwd", "--data", s.data], capture_output=True, text=True)
        assert bad.returncode != 0 and "not a session id" in bad.stderr
    finally:
        s.stop()
