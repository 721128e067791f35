@testable import MitsuCore
import XCTest

/// The binary recognisers: TLS, RDP, SMB, MQTT, DNS, MySQL, MSSQL (TDS), ADB; and the event fields.
final class BinaryProtocolDetectionTests: XCTestCase {
    typealias F = Fixture

    func testTLSClientHelloWithSNI() {
        let hello = TLSFingerprintTests.hello(ciphers: [0x1301, 0xc02f], extensions: [TLSFingerprintTests.sni("trap.example")])
        let d = ProtocolDetector.detect(hello)
        XCTAssertEqual(d.label, .tls)
        XCTAssertEqual(d.tlsHello?.serverName, "trap.example")
        // Cut short: still TLS, no fingerprint; a record that is not a handshake is not TLS.
        let cut = ProtocolDetector.detect(Array(hello.prefix(20)))
        XCTAssertEqual(cut.label, .tls)
        XCTAssertNil(cut.tlsHello)
        XCTAssertEqual(ProtocolDetector.detect([23, 3, 3, 0, 5, 1, 2, 3, 4, 5]).label, .unknown)
        XCTAssertEqual(ProtocolDetector.detect([22, 3, 1, 0xff, 0xff, 1]).label, .unknown)  // record longer than TLS allows
        XCTAssertEqual(ProtocolDetector.detect(hello + [UInt8](repeating: 0x41, count: 100_000)).tlsHello?.serverName, "trap.example")
    }

    func testRDPCookie() {
        let d = ProtocolDetector.detect(F.rdp(cookie: "administrator"))
        XCTAssertEqual(d.label, .rdp)
        XCTAssertEqual(d.username, "administrator")
        let noCookie = ProtocolDetector.detect(F.rdp(cookie: nil))
        XCTAssertEqual(noCookie.label, .rdp)
        XCTAssertNil(noCookie.username)
        var wrongLI = F.rdp(cookie: "a")
        wrongLI[4] &+= 1
        XCTAssertEqual(ProtocolDetector.detect(wrongLI).label, .unknown)
        XCTAssertEqual(ProtocolDetector.detect([3, 0, 0, 0x13, 0x0e, 0xd0]).label, .unknown)  // connection confirm: server side
        // Truncated in the cookie: the user name as far as it came.
        XCTAssertEqual(ProtocolDetector.detect(Array(F.rdp(cookie: "administrator").prefix(33))).username, "admin")
        // The longest cookie a one-byte LI can describe, and a TPKT length past anything LI can say.
        XCTAssertEqual(ProtocolDetector.detect(F.rdp(cookie: String(repeating: "u", count: 220))).username?.count, 220)
        XCTAssertEqual(ProtocolDetector.detect([3, 0, 0xff, 0xff, 0xfa, 0xe0] + [UInt8](repeating: 0, count: 100)).label, .unknown)
    }

    func testSMB1AndSMB2AndSessionRequest() {
        XCTAssertEqual(ProtocolDetector.detect(F.netbios(F.smb1Negotiate)).label, .smb)
        XCTAssertEqual(ProtocolDetector.detect(F.netbios(F.smb2Negotiate)).label, .smb)
        XCTAssertEqual(ProtocolDetector.detect(Array(F.netbios(F.smb2Negotiate).prefix(8))).label, .smb)
        XCTAssertEqual(ProtocolDetector.detect(Array(F.netbios(F.smb2Negotiate).prefix(7))).label, .unknown)
        XCTAssertEqual(ProtocolDetector.detect([0x81, 0, 0, 68, 0x20] + [UInt8](repeating: 0x41, count: 67)).label, .smb)
        XCTAssertEqual(ProtocolDetector.detect([0, 0, 0, 40, 0xfe, 0x53, 0x4d, 0x43]).label, .unknown)
        XCTAssertEqual(ProtocolDetector.detect([0x82, 0, 0, 0]).label, .unknown)
    }

    func testMQTTConnect() {
        let d = ProtocolDetector.detect(F.mqttConnect(clientID: "mosq-7Rk2", username: "bob"))
        XCTAssertEqual(d.label, .mqtt)
        XCTAssertEqual(d.clientID, "mosq-7Rk2")
        XCTAssertEqual(d.username, "bob")
        let v31 = ProtocolDetector.detect(F.mqttConnect(level: 3, clientID: "old"))
        XCTAssertEqual(v31.clientID, "old")
        XCTAssertNil(v31.username)
        let v5 = ProtocolDetector.detect(F.mqttConnect(level: 5, clientID: "five", username: "u5", will: true))
        XCTAssertEqual(v5.clientID, "five")
        XCTAssertEqual(v5.username, "u5")
        var badName = F.mqttConnect(clientID: "x")
        badName[5] = UInt8(ascii: "X")
        XCTAssertEqual(ProtocolDetector.detect(badName).label, .unknown)
        XCTAssertEqual(ProtocolDetector.detect([0x10, 0xff, 0xff, 0xff, 0xff, 0x01]).label, .unknown)  // 5-byte length
        // Truncated after the protocol header: MQTT without the client id.
        let cut = ProtocolDetector.detect(Array(F.mqttConnect(clientID: "abcdef").prefix(14)))
        XCTAssertEqual(cut.label, .mqtt)
        XCTAssertNil(cut.clientID)
    }

    func testDNSOverUDPAndTCP() {
        let q = F.dnsQuery("version.bind", type: 16, edns: false)
        let udp = ProtocolDetector.detect(q, transport: .udp)
        XCTAssertEqual(udp.label, .dns)
        XCTAssertEqual(udp.queryName, "version.bind")
        XCTAssertEqual(udp.queryType, 16)
        let tcpQ = F.dnsQuery("example.com", type: 28, edns: true)
        let tcp = ProtocolDetector.detect(F.u16(tcpQ.count) + tcpQ)
        XCTAssertEqual(tcp.label, .dns)
        XCTAssertEqual(tcp.queryName, "example.com")
        var e = Event(kind: .payload, honeypot: "trap")
        e.apply(tcp)
        XCTAssertEqual(e.dns, DNSInfo(rrname: "example.com", rrtype: "AAAA"))
        XCTAssertTrue(EventCodec.encodeString(e).contains(#""dns":{"rrname":"example.com","rrtype":"AAAA"}"#))
        XCTAssertEqual(try EventCodec.decode(EventCodec.encode(e)).dns, e.dns)
        // A response (QR set), a truncated question, a compression pointer, trailing junk without EDNS.
        var response = q
        response[2] |= 0x80
        XCTAssertEqual(ProtocolDetector.detect(response, transport: .udp).label, .unknown)
        XCTAssertEqual(ProtocolDetector.detect(Array(q.prefix(q.count - 3)), transport: .udp).label, .unknown)
        XCTAssertEqual(ProtocolDetector.detect(Array(q.prefix(12)) + [0xc0, 0x0c, 0, 1, 0, 1], transport: .udp).label, .unknown)
        XCTAssertEqual(ProtocolDetector.detect(q + [1, 2, 3], transport: .udp).label, .unknown)
        XCTAssertEqual(ProtocolDetector.detect(F.u16(tcpQ.count + 10) + tcpQ).label, .unknown)  // length past the capture
        // Oversized name: more than 255 bytes of labels.
        let long = F.dnsQuery(Array(repeating: String(repeating: "a", count: 60), count: 5).joined(separator: "."), type: 1, edns: false)
        XCTAssertEqual(ProtocolDetector.detect(long, transport: .udp).label, .unknown)
    }

    func testMySQLHandshakeResponseAndSSLRequest() {
        let d = ProtocolDetector.detect(F.mysqlResponse(user: "root", database: "mysql"))
        XCTAssertEqual(d.label, .mysql)
        XCTAssertEqual(d.username, "root")
        XCTAssertEqual(d.database, "mysql")
        XCTAssertNil(ProtocolDetector.detect(F.mysqlResponse(user: "sa", database: nil)).database)
        let nul = ProtocolDetector.detect(F.mysqlNulTerminatedAuth)
        XCTAssertEqual([nul.username, nul.database], ["root", "shop"])
        let ssl = ProtocolDetector.detect(F.mysqlSSLRequest)
        XCTAssertEqual(ssl.label, .mysql)
        XCTAssertNil(ssl.username)
        var noFiller = F.mysqlResponse(user: "root", database: nil)
        noFiller[20] = 1
        XCTAssertEqual(ProtocolDetector.detect(noFiller).label, .unknown)
        XCTAssertEqual(ProtocolDetector.detect(Array(F.mysqlSSLRequest.prefix(30))).label, .unknown)
        // A user name running past the packet: MySQL, no user.
        let unterminated = [UInt8](F.mysqlSSLRequest.prefix(36)) + [UInt8](repeating: 0x61, count: 100)
        var grown = unterminated
        grown[0] = UInt8(unterminated.count - 4)
        XCTAssertNil(ProtocolDetector.detect(grown).username)
    }

    func testMSSQLPrelogin() {
        let d = ProtocolDetector.detect(F.tdsPrelogin)
        XCTAssertEqual(d.label, .mssql)
        XCTAssertEqual(d.clientVersion, "15.0.2000.0")
        var badOffset = F.tdsPrelogin
        badOffset[10] = 0xf0  // VERSION's offset far past the packet
        XCTAssertEqual(ProtocolDetector.detect(badOffset).label, .unknown)
        XCTAssertEqual(ProtocolDetector.detect([0x10] + F.tdsPrelogin.dropFirst()).label, .unknown)  // LOGIN7, not PRELOGIN
        XCTAssertEqual(ProtocolDetector.detect(Array(F.tdsPrelogin.prefix(20))).label, .mssql)
        XCTAssertEqual(ProtocolDetector.detect([0x12, 1, 0, 8, 0, 0, 1, 0]).label, .unknown)
        let noTerminator: [UInt8] = [0x12, 1, 0, 0x30, 0, 0, 0, 0] + [UInt8](repeating: 0x05, count: 40)
        XCTAssertEqual(ProtocolDetector.detect(noTerminator).label, .unknown)
    }

    func testADBConnect() {
        let d = ProtocolDetector.detect(F.adbConnect("host::features=shell_v2,cmd,stat_v2"))
        XCTAssertEqual(d.label, .adb)
        XCTAssertEqual(d.clientVersion, "host::features=shell_v2,cmd,stat_v2")
        var badMagic = F.adbConnect("host::")
        badMagic[20] ^= 1
        XCTAssertEqual(ProtocolDetector.detect(badMagic).label, .unknown)
        XCTAssertEqual(ProtocolDetector.detect(Array(F.adbConnect("host::").prefix(23))).label, .unknown)
        let cut = ProtocolDetector.detect(Array(F.adbConnect("host::features=shell_v2").prefix(30)))
        XCTAssertEqual(cut.clientVersion, "host::")
        XCTAssertEqual(ProtocolDetector.detect(F.adbConnect(String(repeating: "h", count: 50_000))).clientVersion?.count, 256)
    }

    func testEventFieldsForEachLabel() {
        var e = Event(kind: .payload, honeypot: "trap")
        e.apply(ProtocolDetector.detect(F.mqttConnect(clientID: "c1", username: "u1")))
        XCTAssertEqual([e.protocol, e.clientID, e.username], ["mqtt", "c1", "u1"])
        XCTAssertTrue(EventCodec.encodeString(e).contains(#""client_id":"c1""#))
        XCTAssertEqual(try EventCodec.decode(EventCodec.encode(e)).clientID, "c1")
        var h = Event(kind: .payload, honeypot: "trap")
        h.apply(ProtocolDetector.detect(F.b("GET /v1.41/version HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: docker-sdk-python/7.1.0\r\n\r\n")))
        XCTAssertEqual(h.protocol, "docker")
        XCTAssertEqual(h.http, HTTPInfo(method: "GET", uri: "/v1.41/version", version: "HTTP/1.1", host: "127.0.0.1", userAgent: "docker-sdk-python/7.1.0"))
        var t = Event(kind: .payload, honeypot: "trap")
        t.apply(ProtocolDetector.detect(TLSFingerprintTests.hello(ciphers: [0x1301], extensions: [TLSFingerprintTests.sni("a.b")])))
        XCTAssertEqual(t.tls?.sni, "a.b")
        XCTAssertNotNil(t.tls?.ja4)
        var r = Event(kind: .payload, honeypot: "trap")
        r.apply(ProtocolDetector.detect(F.b("*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n")))
        XCTAssertEqual([r.protocol, r.input], ["redis", "AUTH secret"])
        var u = Event(kind: .payload, honeypot: "trap")
        u.apply(ProtocolDetector.detect([1, 2, 3]))
        XCTAssertEqual(u.protocol, "unknown")
        XCTAssertNil(u.http)
    }
}
