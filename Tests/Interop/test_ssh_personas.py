"""SSH personas: Dropbear as Debian ships it (compared with a running dropbear) and a legacy OpenSSH
persona file whose SHA-1 / CBC / MD5 algorithms a real OpenSSH client must be able to use."""
import os
import shutil
import socket
import subprocess
import time

import pytest

from conftest import MITSU, Sensor, free_port_base, wait_for

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

BASE = """
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


def server_hello(port):
    """The server's identification line and KEXINIT name-lists (and first_kex_follows)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n")
    data = b""
    while b"\r\n" not in data:
        data += s.recv(65536)
    banner, rest = data.split(b"\r\n", 1)
    while len(rest) < 5 or len(rest) < int.from_bytes(rest[:4], "big") + 4:
        rest += s.recv(65536)
    s.close()
    n = int.from_bytes(rest[:4], "big")
    payload = rest[5:4 + n - rest[4]]
    p, lists = payload[17:], []
    for _ in range(10):
        k = int.from_bytes(p[:4], "big")
        lists.append(p[4:4 + k].decode().split(",") if k else [])
        p = p[4 + k:]
    return banner.decode(), lists, p[:1]


def login(port, *options):
    args = ["sshpass", "-p", "123456", "ssh", "-p", str(port), "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "PubkeyAuthentication=no",
            *options, "root@127.0.0.1", "uname"]
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def dropbear_persona(tmp_path_factory):
    s = Sensor(tmp_path_factory.mktemp("dropbear-persona"), BASE + "    persona: dropbear-2022.83\n", free_port_base(),
               worker="ssh").start()
    yield s
    s.stop()


@pytest.fixture(scope="module")
def real_dropbear(tmp_path_factory):
    if not shutil.which("dropbear") or not shutil.which("dropbearkey"):
        pytest.skip("dropbear-bin not installed")
    tmp = tmp_path_factory.mktemp("dropbear")
    keys = []
    for t in ("rsa", "ecdsa", "ed25519"):
        key = str(tmp / f"dropbear_{t}_host_key")
        subprocess.run(["dropbearkey", "-t", t, "-f", key], capture_output=True, check=True)
        keys += ["-r", key]
    # The three keys Debian's dropbear package generates on install.
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    proc = subprocess.Popen(["dropbear", "-F", "-E", "-s", "-p", f"127.0.0.1:{port}", *keys],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert wait_for(lambda: _open(port), 10)
    yield port
    proc.terminate()
    proc.wait()


def _open(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def test_dropbear_persona_presents_what_dropbear_presents(dropbear_persona, real_dropbear):
    assert server_hello(2222 + dropbear_persona.offset) == server_hello(real_dropbear)


def unprompted_and_reply(port, line):
    """What the server sends before the client says anything (kept to the KEXINIT's message number and
    padding length: cookie and padding bytes are random), then what it answers `line` with."""
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    data = b""
    deadline = time.time() + 5
    while time.time() < deadline:
        if b"\r\n" in data:
            rest = data.split(b"\r\n", 1)[1]
            if len(rest) >= 5 and len(rest) >= int.from_bytes(rest[:4], "big") + 4:
                break
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    banner, rest = data.split(b"\r\n", 1)
    s.sendall(line)
    reply = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            reply += chunk
    except ConnectionResetError:
        pass
    s.close()
    return banner, rest[:6][4:] if rest else b"", len(rest), reply


@pytest.mark.parametrize("line", [b"GET / HTTP/1.0\r\n\r\n", b"SSH-1.5-Foo\r\n"])
def test_dropbear_persona_speaks_first_and_closes_quietly_like_dropbear(dropbear_persona, real_dropbear, line):
    ours = unprompted_and_reply(2222 + dropbear_persona.offset, line)
    theirs = unprompted_and_reply(real_dropbear, line)
    assert theirs[2] > 0 and theirs[3] == b"", theirs
    assert ours[:3] == theirs[:3] and ours[3] == b"", (ours, theirs)


def test_openssh_logs_in_to_the_dropbear_persona(dropbear_persona):
    r = login(2222 + dropbear_persona.offset)
    assert r.returncode == 0 and r.stdout == "Linux\n", r.stderr
    kex = wait_for(lambda: dropbear_persona.events(event="login.success"), 10)
    assert kex[0]["password"] == "123456"


@pytest.fixture(scope="module")
def legacy(tmp_path_factory):
    persona = os.path.join(ROOT, "docs", "personas", "legacy-openssh.yaml")
    s = Sensor(tmp_path_factory.mktemp("legacy"), BASE + f"    persona: {persona}\n", free_port_base(), worker="ssh").start()
    yield s
    s.stop()


def test_legacy_persona_banner_and_lists(legacy):
    banner, lists, _ = server_hello(2222 + legacy.offset)
    assert banner == "SSH-2.0-OpenSSH_6.6.1p1 Ubuntu-2ubuntu2.13"
    assert lists[0][-1] == "diffie-hellman-group1-sha1" and lists[1][0] == "ssh-rsa"
    assert "aes256-cbc" in lists[2] and "hmac-md5-96" in lists[4]


@pytest.mark.parametrize("option,value", [
    ("KexAlgorithms", "diffie-hellman-group1-sha1"), ("KexAlgorithms", "diffie-hellman-group14-sha1"),
    ("KexAlgorithms", "diffie-hellman-group-exchange-sha1"), ("HostKeyAlgorithms", "ssh-rsa"),
    ("Ciphers", "aes128-cbc"), ("Ciphers", "3des-cbc"), ("Ciphers", "aes192-cbc"), ("Ciphers", "aes256-cbc"),
    ("MACs", "hmac-md5"), ("MACs", "hmac-md5-96"), ("MACs", "hmac-sha1-96"), ("MACs", "hmac-md5-etm@openssh.com"),
])
def test_openssh_client_with_each_legacy_algorithm(legacy, option, value):
    """Each SHA-1/CBC/3DES/MD5 algorithm of the legacy persona completes a handshake with a real client, and the
    session works under it (a command runs, its exit status comes back)."""
    extra = ["-o", f"{option}={value}"]
    if option == "MACs":
        extra += ["-o", "Ciphers=aes128-cbc"]  # a non-AEAD cipher, so the MAC is really used
    r = login(2222 + legacy.offset, *extra)
    assert r.returncode == 0 and r.stdout == "Linux\n", r.stderr


def test_persona_file_with_an_unimplemented_algorithm_is_a_config_error(tmp_path):
    persona = tmp_path / "p.yaml"
    persona.write_text("banner: SSH-2.0-OpenSSH_5.3\nkex: [diffie-hellman-group1-sha1]\nhost_keys: [ssh-rsa]\n"
                       "ciphers:\n  - aes128-cbc\n  - arcfour\nmacs: [hmac-sha1]\ncompression: [none]\n"
                       "auth_methods: [password]\n")
    config = tmp_path / "mitsu.yaml"
    config.write_text("honeypots:\n  ssh:\n    persona: p.yaml\n")
    r = subprocess.run([MITSU, "config", "check", str(config)], capture_output=True, text=True)
    assert r.returncode != 0
    assert f"{persona}:6: ciphers[1]: 'arcfour' is not implemented" in r.stderr + r.stdout, r.stderr + r.stdout
