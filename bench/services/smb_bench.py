"""SMB negotiate + NTLM session setup/s against a running sensor, and memory per held session of the
smb worker.

A session is what a credential-spraying bot does over SMB2: connect, NEGOTIATE (2.0.2-3.1.1 with
contexts), SESSION_SETUP with NTLM NEGOTIATE, SESSION_SETUP with AUTHENTICATE (NetNTLMv2-shaped),
close. The requests are prebuilt bytes so the Python side stays cheap. Memory: the worker's private
memory before and after holding N sessions that completed session setup."""
import os
import socket
import struct
import sys
import threading
import time


def smb2(command, mid, body, session=0):
    return b"\xfeSMB" + struct.pack("<HHIHHIIQIIQ", 64, 1, 0, command, 31, 0, 0, mid, 0, 0, session) + b"\0" * 16 + body


def frame(m):
    return struct.pack(">I", len(m)) + m


def negotiate():
    dialects = [0x0202, 0x0210, 0x0300, 0x0302, 0x0311]
    start = 64 + 36 + 2 * len(dialects)
    off = (start + 7) & ~7
    body = struct.pack("<HHHHI", 36, len(dialects), 1, 0, 0x7f) + os.urandom(16)
    body += struct.pack("<IHH", off, 2, 0) + b"".join(struct.pack("<H", d) for d in dialects) + b"\0" * (off - start)
    pre = struct.pack("<HHH", 1, 32, 1) + os.urandom(32)
    body += struct.pack("<HHI", 1, len(pre), 0) + pre + b"\0" * 2
    enc = struct.pack("<HHH", 2, 2, 1)
    body += struct.pack("<HHI", 2, len(enc), 0) + enc
    return frame(smb2(0, 0, body))


def session_setup(token, mid, session=0):
    return frame(smb2(1, mid, struct.pack("<HBBIIHHQ", 25, 0, 1, 0, 0, 88, len(token), 0) + token, session))


NTLM_NEGOTIATE = b"NTLMSSP\0" + struct.pack("<II", 1, 0xe2088297) + b"\0" * 16


def authenticate(user):
    nt = os.urandom(16) + b"\x01\x01\0\0\0\0\0\0" + os.urandom(8) + os.urandom(8) + b"\0" * 4 + os.urandom(60)
    fields = [b"\0" * 24, nt, "WORKGROUP".encode("utf-16le"), user.encode("utf-16le"), "BOT".encode("utf-16le"), b""]
    head = b"NTLMSSP\0" + struct.pack("<I", 3)
    payload = b""
    base = 12 + 6 * 8 + 4
    for f in fields:
        head += struct.pack("<HHI", len(f), len(f), base + len(payload))
        payload += f
    return head + struct.pack("<I", 0x62088215) + payload


def read_frame(s):
    head = b""
    while len(head) < 4:
        chunk = s.recv(4 - len(head))
        if not chunk:
            raise ConnectionError("closed")
        head += chunk
    n = struct.unpack(">I", head)[0] & 0xffffff
    body = b""
    while len(body) < n:
        chunk = s.recv(n - len(body))
        if not chunk:
            raise ConnectionError("closed")
        body += chunk
    return body


NEGOTIATE = negotiate()
AUTH = [authenticate("user%d" % i) for i in range(64)]


def session(port, i=0):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(NEGOTIATE)
    assert read_frame(s)[12:14] == b"\0\0"
    s.sendall(session_setup(NTLM_NEGOTIATE, 1))
    r = read_frame(s)
    assert r[8:12] == b"\x16\0\0\xc0", r[8:12]  # STATUS_MORE_PROCESSING_REQUIRED
    sid = struct.unpack("<Q", r[40:48])[0]
    s.sendall(session_setup(AUTH[i % len(AUTH)], 2, sid))
    assert read_frame(s)[8:12] == b"\0\0\0\0"
    return s


def setups(port, seconds, threads):
    count = [0] * threads
    stop = time.time() + seconds

    def run(i):
        while time.time() < stop:
            session(port, count[i]).close()
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
    print("smb negotiate+session-setup/s (4 clients): %.0f" % setups(port, seconds, 4))
    time.sleep(1)
    before = private_kb(pid)
    held = [session(port, i) for i in range(500)]
    time.sleep(1)
    after = private_kb(pid)
    print("smb worker memory per authenticated session: %.1f KiB (500 held)" % ((after - before) / 500))
    for s in held:
        s.close()


if __name__ == "__main__":
    main()
