"""FTP login sessions/s against a running sensor, and memory per held session of the ftp worker.

A session is: connect, read the 220 banner, USER, PASS (accepted), QUIT — what a credential-stuffing
bot does. Memory: the worker's private dirty memory before and after holding N logged-in sessions."""
import socket
import sys
import threading
import time


def session(port, user=b"tester", password=b"s3cret"):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    f = s.makefile("rb")
    f.readline()
    s.sendall(b"USER " + user + b"\r\n")
    f.readline()
    s.sendall(b"PASS " + password + b"\r\n")
    reply = f.readline()
    return s, f, reply


def logins(port, seconds, threads):
    count = [0] * threads
    stop = time.time() + seconds

    def run(i):
        while time.time() < stop:
            s, f, reply = session(port)
            assert reply.startswith(b"230"), reply
            s.sendall(b"QUIT\r\n")
            f.readline()
            s.close()
            count[i] += 1

    ts = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return sum(count) / seconds


def private_kb(pid):
    with open("/proc/%d/smaps_rollup" % pid) as f:
        return sum(int(l.split()[1]) for l in f if l.startswith(("Private_Dirty:", "Private_Clean:")))


def main():
    port, pid = int(sys.argv[1]), int(sys.argv[2])
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 10
    print("ftp logins/s (4 clients): %.0f" % logins(port, seconds, 4))
    before = private_kb(pid)
    held = [session(port) for _ in range(500)]
    time.sleep(1)
    after = private_kb(pid)
    print("ftp worker memory per logged-in session: %.1f KiB (500 held)" % ((after - before) / 500))
    for s, f, _ in held:
        s.close()


if __name__ == "__main__":
    main()
