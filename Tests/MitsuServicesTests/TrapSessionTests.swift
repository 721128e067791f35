import XCTest
import MitsuCore
@testable import MitsuServices

final class TrapSessionTests: XCTestCase {
    let ends = Endpoints(srcIP: "198.51.100.9", srcPort: 40_000, destIP: "192.0.2.1", destPort: 6379)

    func testKeepsPayloadUpToTheCapAndCountsEverything() {
        var s = TrapSession(endpoints: ends, cap: 10, startedAt: Timestamp(millisecondsSince1970: 1000))
        s.received(Array("0123456".utf8))
        s.received(Array("789abcdef".utf8))
        s.sent(3)
        XCTAssertEqual(String(decoding: s.captured, as: UTF8.self), "0123456789")
        let events = s.closeEvents(at: Timestamp(millisecondsSince1970: 3500))
        XCTAssertEqual(events.map(\.kind), [.payload, .sessionClose])
        let p = events[0].payload
        XCTAssertEqual(p?.length, 16)
        XCTAssertEqual(p?.truncated, true)
        XCTAssertEqual(p?.sha256, Digests.sha256(Array("0123456789".utf8)))
        XCTAssertEqual(p?.b64, Data("0123456789".utf8).base64EncodedString())
        XCTAssertEqual(events[1].duration, 2.5)
        XCTAssertEqual(events[1].bytesIn, 16)
        XCTAssertEqual(events[1].bytesOut, 3)
        XCTAssertEqual(events[1].destPort, 6379)
        XCTAssertEqual(events[0].session, events[1].session)
    }

    func testSilentSessionHasNoPayloadEvent() {
        let s = TrapSession(endpoints: ends, cap: 10)
        XCTAssertEqual(s.closeEvents().map(\.kind), [.sessionClose])
        XCTAssertEqual(s.connectEvent().kind, .sessionConnect)
        XCTAssertEqual(s.connectEvent().srcIP, "198.51.100.9")
    }

    /// The payload event says which protocol the bytes speak, by content: HTTP on the Redis port, Redis on
    /// an HTTP port, a DNS datagram; an SSH version line plus KEXINIT split over reads gives HASSH.
    func testPayloadProtocolIsDetectedByContent() {
        var http = TrapSession(endpoints: ends, cap: 4096)
        http.received(Array("GET / HTTP/1.0\r\nUser-Agent: Mozilla/5.0 zgrab/0.x\r\n\r\n".utf8))
        let h = http.closeEvents()[0]
        XCTAssertEqual(h.protocol, "http")
        XCTAssertEqual(h.http?.userAgent, "Mozilla/5.0 zgrab/0.x")

        var redis = TrapSession(endpoints: Endpoints(srcIP: "198.51.100.9", srcPort: 1, destIP: "192.0.2.1", destPort: 8080), cap: 4096)
        redis.received(Array("*1\r\n$4\r\nINFO\r\n".utf8))
        XCTAssertEqual(redis.closeEvents()[0].protocol, "redis")
        XCTAssertEqual(redis.closeEvents()[0].input, "INFO")

        var ssh = TrapSession(endpoints: ends, cap: 4096)
        ssh.received(Array("SSH-2.0-paramiko_3.4.0\r\n".utf8))
        let names = ["diffie-hellman-group14-sha256", "ssh-rsa", "aes128-ctr", "aes128-ctr", "hmac-sha2-256", "hmac-sha2-256", "none", "none", "", ""]
        var kex: [UInt8] = [20] + [UInt8](repeating: 1, count: 16)
        func u32(_ n: Int) -> [UInt8] { [UInt8(n >> 24 & 0xff), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)] }
        for n in names { kex += u32(n.utf8.count) + Array(n.utf8) }
        kex += [0, 0, 0, 0, 0]
        let packet = u32(kex.count + 1 + 4) + [4] + kex + [0, 0, 0, 0]
        ssh.received(packet.prefix(10))
        ssh.received(packet.dropFirst(10))
        let k = ssh.closeEvents()[0]
        XCTAssertEqual(k.protocol, "ssh")
        XCTAssertEqual(k.clientVersion, "SSH-2.0-paramiko_3.4.0")
        XCTAssertEqual(k.hasshAlgorithms, "diffie-hellman-group14-sha256;aes128-ctr;hmac-sha2-256;none")
        // hashlib.md5(b"diffie-hellman-group14-sha256;aes128-ctr;hmac-sha2-256;none").hexdigest()
        XCTAssertEqual(k.hassh, "66d445f1033fbb0144406fffe0e61fee")

        var dns = TrapSession(endpoints: ends, transport: "udp", cap: 4096)
        dns.received([0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3] + Array("www".utf8) + [0, 0, 255, 0, 1])
        let d = dns.closeEvents()[0]
        XCTAssertEqual(d.protocol, "dns")
        XCTAssertEqual(d.dns, DNSInfo(rrname: "www", rrtype: "ANY"))

        var noise = TrapSession(endpoints: ends, cap: 4096)
        noise.received([0x00, 0x01, 0x02])
        XCTAssertEqual(noise.closeEvents()[0].protocol, "unknown")
    }

    func testPrintablePreviewMasksBinary() {
        let info = PayloadInfo(captured: [0x16, 0x03, 0x01, 0x41, 0x0A, 0xFF])
        XCTAssertEqual(info.printable, "...A\n.")
        XCTAssertEqual(info.md5, Digests.md5([0x16, 0x03, 0x01, 0x41, 0x0A, 0xFF]))
        XCTAssertNil(info.truncated)
    }
}

final class AllPortRulesTests: XCTestCase {
    func testServedAndAdminPortsAreNeverRedirected() {
        var c = MitsuConfig()
        c.trap.common.tcpPorts = [81, 8888]
        c.trap.allPorts = true
        c.trap.allPortsListenPort = 65_000
        let rules = AllPortRules(config: c, portOffset: 100)
        XCTAssertEqual(rules.servedPorts, [121, 122, 123, 180, 181, 239, 543, 545, 1533, 2322, 2423, 3406, 5160, 8180, 8543, 8988, 64295, 64297, 65100],
                       "the SSH, Telnet, web (HTTP and HTTPS), FTP, SMB, MSSQL, MySQL and SIP (TCP) ports are served too")
        let script = rules.script()
        XCTAssertTrue(script.contains("iptables -t nat -A MITSU_TRAP -p tcp --dport 181 -j RETURN"))
        XCTAssertTrue(script.contains("iptables -t nat -A MITSU_TRAP -p tcp -j REDIRECT --to-ports 65100"))
        XCTAssertTrue(script.contains("ip6tables -t nat -A PREROUTING -p tcp -m addrtype --dst-type LOCAL -j MITSU_TRAP"))
        XCTAssertFalse(script.contains("--dport 64296"))
    }
}
