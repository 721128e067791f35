"""SSH honeypot cost, Mitsu against Cowrie, same client, same machine, same run.

For each server: CPU time the server process spends per connection (full handshake + one password
attempt, accepted and refused), RSS growth per idle pre-auth session and per open shell. The server is
pinned to one core, the client to another; CPU comes from /proc/PID/stat (utime+stime, all threads).
Algorithms are fixed for both (curve25519-sha256@libssh.org, ssh-ed25519, aes128-ctr, hmac-sha2-256) so the same
crypto is measured.
"""
import argparse
import concurrent.futures as cf
import os
import socket
import subprocess
import sys
import tempfile
import time

import paramiko

TICK = os.sysconf("SC_CLK_TCK")
ALGOS = dict(kex=["curve25519-sha256@libssh.org"], key=["ssh-ed25519"], cipher=["aes128-ctr"], mac=["hmac-sha2-256"])


def cpu_seconds(pid, children=False):
    """utime + stime of `pid`; with `children`, also cutime + cstime: the children it has reaped."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15 if children else 13]) / TICK


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def wait_port(port, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"port {port} never opened")


def transport(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    t = paramiko.Transport(sock)
    opts = t.get_security_options()
    opts.kex, opts.key_types, opts.ciphers, opts.digests = ALGOS["kex"], ALGOS["key"], ALGOS["cipher"], ALGOS["mac"]
    t.start_client(timeout=30)
    return t


def login(port, user, password):
    t = transport(port)
    try:
        t.auth_password(user, password)
        ok = True
    except paramiko.AuthenticationException:
        ok = False
    t.close()
    return ok


def cpu_per_login(pid, port, user, password, n, expect, collector=None, parallel=16, children=False):
    """Server CPU ms per login; with `collector`, also that process's (Mitsu's collector stores the
    worker's events; Cowrie writes its own log in-process, so its figure has no such part). With
    `children`, the CPU of the per-connection processes the server has reaped counts too (sshd)."""
    with cf.ThreadPoolExecutor(parallel) as pool:
        list(pool.map(lambda _: login(port, user, password), range(8)))  # warm-up
        if children:
            time.sleep(1)  # the warm-up's children exit and are reaped
        before = cpu_seconds(pid, children)
        collector_before = cpu_seconds(collector) if collector else 0
        results = list(pool.map(lambda _: login(port, user, password), range(n)))
        if children:
            time.sleep(1)  # the last children exit and are reaped
        after = cpu_seconds(pid, children)
        collector_after = cpu_seconds(collector) if collector else 0
    assert all(r == expect for r in results), f"unexpected auth results: {results.count(not expect)} of {n}"
    return (after - before) / n * 1000, (collector_after - collector_before) / n * 1000


def idle_preauth(pid, port, n):
    base = rss_kib(pid)
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        s.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n")
        socks.append(s)
    time.sleep(3)
    for s in socks:  # each got the banner and KEXINIT: the session is really open
        s.settimeout(5)
        assert s.recv(4096)
    time.sleep(1)
    grown = rss_kib(pid) - base
    for s in socks:
        s.close()
    return grown / n


def shells(pid, port, n):
    base = rss_kib(pid)
    opened = []
    for _ in range(n):
        t = transport(port)
        t.auth_password("root", "letmein9")
        ch = t.open_session()
        ch.get_pty(term="xterm", width=80, height=24)
        ch.invoke_shell()
        buf = b""
        deadline = time.time() + 30
        while b"# " not in buf and time.time() < deadline:
            buf += ch.recv(4096)
        assert b"# " in buf, buf
        opened.append((t, ch))
    time.sleep(2)
    grown = rss_kib(pid) - base
    for t, _ in opened:
        t.close()
    return grown / n


def measure(name, pid, port, args, collector=None):
    time.sleep(1)
    r = {"server": name}
    # Memory first, on a server that has only served a few warm-up logins: later phases leave freed
    # but retained heap behind (both allocators keep it), which would hide what a session costs.
    # Cowrie's stock userdb refuses root:root and root:123456 but accepts other root passwords.
    for _ in range(8):
        login(port, "root", "letmein9")
    time.sleep(1)
    r["kib_per_idle_preauth"] = idle_preauth(pid, port, args.idle)
    time.sleep(2)
    r["kib_per_shell"] = shells(pid, port, args.shells)
    time.sleep(1)
    r["cpu_ms_accepted"], collector_accepted = cpu_per_login(pid, port, "root", "letmein9", args.logins, True, collector)
    r["cpu_ms_refused"], collector_refused = cpu_per_login(pid, port, "root", "root", args.logins, False, collector)
    r["rss_mib_after"] = rss_kib(pid) / 1024
    print(f"{name:7} cpu/login accepted {r['cpu_ms_accepted']:.3f} ms, refused {r['cpu_ms_refused']:.3f} ms; "
          f"{r['kib_per_idle_preauth']:.1f} KiB per idle pre-auth session; {r['kib_per_shell']:.1f} KiB per shell",
          flush=True)
    if collector:
        print(f"{'':7} collector (storing the events: GeoIP, IDS, SQLite, events.jsonl) cpu/login accepted "
              f"{collector_accepted:.3f} ms, refused {collector_refused:.3f} ms", flush=True)
    return r


def start_mitsu(mitsu, tmp, port, core):
    config = os.path.join(tmp, "mitsu.yaml")
    with open(config, "w") as f:
        f.write(f"""
limits:
  max_connections: 100000
  max_connections_per_ip: 100000
honeypots:
  trap: {{enabled: false}}
  telnet: {{enabled: false}}
  ssh:
    tcp_ports: [{port}]
    auth_rules: ["root:letmein9", "*:!*"]
    accept_after: 0
    max_startups: "100000:100:100001"
""")
    proc = subprocess.Popen(["taskset", "-c", str(core), mitsu, "run", "--data", os.path.join(tmp, "data"),
                             "--config", config], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    worker = subprocess.run(["pgrep", "-f", f"worker ssh .*{tmp}"], capture_output=True, text=True).stdout.split()
    if not worker:
        worker = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    return proc, int(worker[0])


def start_cowrie(venv, tmp, port, core, user):
    home = os.path.join(tmp, "cowrie")
    for d in ("etc", "var/log/cowrie", "var/lib/cowrie/downloads", "var/lib/cowrie/tty", "var/run"):
        os.makedirs(os.path.join(home, d), exist_ok=True)
    subprocess.run(["chown", "-R", user, home], check=True)
    env = dict(os.environ, COWRIE_STDOUT="yes", COWRIE_SSH_LISTEN_ENDPOINTS=f"tcp:{port}:interface=127.0.0.1",
               COWRIE_TELNET_ENABLED="no", PATH=f"{venv}/bin:" + os.environ["PATH"])
    cmd = ["taskset", "-c", str(core), "runuser", "-u", user, "--", f"{venv}/bin/twistd", "-n", "--umask=0022",
           "--logger", "cowrie.python.logfile.stdoutLogger", "cowrie"]
    proc = subprocess.Popen(cmd, cwd=home, env=env, stdout=open(os.path.join(tmp, "cowrie.log"), "w"), stderr=subprocess.STDOUT)
    wait_port(port, 120)
    pid = subprocess.run(["pgrep", "-u", user, "-f", "twistd"], capture_output=True, text=True).stdout.split()
    return proc, int(pid[0])


def sshd_cpu_per_refused_login(tmp, port, core, n):
    """Debian's sshd, the server Mitsu imitates, for scale: CPU per refused login, its per-connection
    (re-executed) children included — they are reaped by the listener, so /proc/PID/stat's cutime and
    cstime hold them. UsePAM=no: PAM's 2 s failure delay would only slow the run down."""
    key = os.path.join(tmp, "sshd_host_ed25519")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
    os.makedirs("/run/sshd", exist_ok=True)
    with open(key + ".log", "w") as log:
        proc = subprocess.Popen(["taskset", "-c", str(core), "/usr/sbin/sshd", "-D", "-e", "-f", "/dev/null", "-p", str(port),
                                 "-o", "ListenAddress=127.0.0.1", "-o", "PidFile=none", "-o", "UsePAM=no",
                                 "-o", "MaxStartups=1000", "-h", key], stderr=log)
    try:
        try:
            wait_port(port, timeout=20)
        except SystemExit:
            with open(key + ".log") as log:
                print(f"sshd did not start:\n{log.read()[-2000:]}", flush=True)
            return None
        # 8 in parallel, as the figures in docs/benchmarks.md were measured.
        ms, _ = cpu_per_login(proc.pid, port, "root", "not-the-password", n, False, parallel=8, children=True)
        print(f"sshd    cpu/login refused {ms:.3f} ms (Debian's OpenSSH, UsePAM=no, children included)", flush=True)
        return ms
    finally:
        proc.terminate()
        proc.wait()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mitsu", required=True)
    p.add_argument("--cowrie-venv", default="/opt/cowrie-venv")
    p.add_argument("--cowrie-user", default="mitsubench")
    p.add_argument("--logins", type=int, default=2000)
    p.add_argument("--idle", type=int, default=1000)
    p.add_argument("--shells", type=int, default=200)
    args = p.parse_args()
    os.sched_setaffinity(0, {0})
    import resource
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        proc, pid = start_mitsu(args.mitsu, tmp, 42222, 1)
        try:
            results.append(measure("mitsu", pid, 42222, args, collector=proc.pid))
        finally:
            proc.terminate()
            proc.wait()
        if os.path.exists(f"{args.cowrie_venv}/bin/twistd"):
            proc, pid = start_cowrie(args.cowrie_venv, tmp, 42223, 1, args.cowrie_user)
            try:
                results.append(measure("cowrie", pid, 42223, args))
            finally:
                proc.terminate()
                proc.wait()
        if os.path.exists("/usr/sbin/sshd") and os.geteuid() == 0:
            # Below Linux's ephemeral range (32768-60999): the thousands of client connections before it
            # leave sockets on ports in that range, and one on 42224 once kept sshd from binding it.
            sshd_cpu_per_refused_login(tmp, 32022, 1, min(args.logins, 300))
    if len(results) == 2:
        m, c = results
        print(f"ratio cowrie/mitsu: CPU accepted {c['cpu_ms_accepted'] / m['cpu_ms_accepted']:.1f}x, "
              f"refused {c['cpu_ms_refused'] / m['cpu_ms_refused']:.1f}x, idle session memory "
              f"{c['kib_per_idle_preauth'] / max(m['kib_per_idle_preauth'], 0.01):.1f}x, "
              f"shell memory {c['kib_per_shell'] / max(m['kib_per_shell'], 0.01):.1f}x")


if __name__ == "__main__":
    sys.exit(main())
