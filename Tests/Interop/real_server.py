"""Starting and stopping a throwaway real server (apache2, nginx) for side-by-side comparisons."""
import os
import socket
import subprocess
import time


def launch(name, args, root, port, logs=()):
    """Runs `args` in the foreground with stderr in ROOT/stderr.log and waits up to 15 s for `port` to
    accept; if the server exits or never listens it is stopped and the error names its logs' content."""
    stderr_path = os.path.join(root, "stderr.log")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=open(stderr_path, "w"))
    deadline = time.time() + 15
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    stop(proc)
    err = ""
    for path in (stderr_path, *logs):
        if os.path.exists(path):
            with open(path) as f:
                err += f.read()
    raise RuntimeError(f"{name} did not start: " + err)


def stop(proc):
    """SIGTERM (both servers' parents stop their children and exit), SIGKILL after 15 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
