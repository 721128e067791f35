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
