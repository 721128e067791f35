import MitsuCore
@testable import MitsuIDS
import XCTest

/// Trap payloads carry the protocol detected from their content; app-layer rules apply by that protocol,
/// whatever the port, and HTTP sticky buffers are filled only for payloads detected as HTTP.
final class DetectedProtocolRulesTests: XCTestCase {
    func trapPayload(_ bytes: [UInt8], port: Int, transport: String = "tcp") -> Event {
        var e = Event(kind: .payload, honeypot: "trap", session: SessionID("00000000cafe"))
        e.srcIP = "203.0.113.7"
        e.srcPort = 41000
        e.destIP = "192.0.2.10"
        e.destPort = port
        e.transport = transport
        e.payload = PayloadInfo(captured: bytes)
        e.apply(ProtocolDetector.detect(bytes, transport: transport == "udp" ? .udp : .tcp))
        return e
    }

    func fires(_ proto: String, _ options: String, _ e: Event) throws -> Bool {
        !IDSEngine(rules: [try ruleWith(options, proto: proto)]).inspect(e).isEmpty
    }

    func testSSHRulesApplyToSSHOnAnyPort() throws {
        let e = trapPayload(Array("SSH-2.0-libssh_0.9.6\r\n".utf8), port: 2375)
        XCTAssertEqual(e.protocol, "ssh")
        XCTAssertTrue(try fires("ssh", #"content:"libssh";"#, e))
        XCTAssertFalse(try fires("http", #"content:"libssh";"#, e))
        XCTAssertFalse(try fires("tls", #"content:"libssh";"#, e))
    }

    func testHTTPOnARedisPortGetsHTTPBuffersAndDockerIsHTTP() throws {
        let http = trapPayload(Array("GET /shell?cd+/tmp HTTP/1.1\r\nHost: x\r\nUser-Agent: Hello, World\r\n\r\n".utf8), port: 6379)
        XCTAssertEqual(http.protocol, "http")
        XCTAssertTrue(try fires("http", #"http.user_agent; content:"Hello, World"; bsize:12;"#, http))
        XCTAssertTrue(try fires("http", #"http.uri; content:"/shell?cd+/tmp"; bsize:14;"#, http))
        XCTAssertFalse(try fires("ssh", #"content:"GET";"#, http))
        let docker = trapPayload(Array("POST /v1.41/containers/create HTTP/1.1\r\nHost: x\r\n\r\n{}".utf8), port: 2375)
        XCTAssertEqual(docker.protocol, "docker")
        XCTAssertTrue(try fires("http", #"http.method; content:"POST"; http.uri; content:"/containers/create";"#, docker))
    }

    func testSIPIsNotHTTP() throws {
        let sip = trapPayload(Array("OPTIONS sip:100@x SIP/2.0\r\nUser-Agent: friendly-scanner\r\n\r\n".utf8), port: 5060, transport: "udp")
        XCTAssertEqual(sip.protocol, "sip")
        XCTAssertTrue(try fires("sip", #"content:"friendly-scanner";"#, sip))
        XCTAssertFalse(try fires("udp", #"http.method; content:"OPTIONS";"#, sip))
        XCTAssertFalse(try fires("http", #"content:"OPTIONS";"#, sip))
    }

    func testDNSAndTLSRules() throws {
        let q: [UInt8] = [0xab, 0xcd, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 7] + Array("version".utf8) + [4] + Array("bind".utf8) + [0, 0, 16, 0, 3]
        let dns = trapPayload(q, port: 53, transport: "udp")
        XCTAssertEqual(dns.protocol, "dns")
        XCTAssertEqual(dns.dns?.rrname, "version.bind")
        XCTAssertTrue(try fires("dns", #"content:"|07|version|04|bind|00|";"#, dns))
        // The same bytes over TCP without DNS's length prefix are not DNS: only transport rules apply.
        let raw = trapPayload(q, port: 53, transport: "tcp")
        XCTAssertEqual(raw.protocol, "unknown")
        XCTAssertFalse(try fires("dns", #"content:"|07|version|04|bind|00|";"#, raw))
        XCTAssertTrue(try fires("tcp", #"content:"|07|version|04|bind|00|";"#, raw))

        var body: [UInt8] = [3, 3] + [UInt8](repeating: 1, count: 32) + [0, 0, 2, 0x13, 0x01, 1, 0]
        let name = Array("c2.example".utf8)
        let sni: [UInt8] = [0, 0, 0, UInt8(name.count + 5), 0, UInt8(name.count + 3), 0, 0, UInt8(name.count)] + name
        body += [0, UInt8(sni.count)] + sni
        let hs: [UInt8] = [1, 0, 0, UInt8(body.count)] + body
        let tls = trapPayload([22, 3, 1, 0, UInt8(hs.count)] + hs, port: 4444)
        XCTAssertEqual(tls.protocol, "tls")
        XCTAssertEqual(tls.tls?.sni, "c2.example")
        XCTAssertTrue(try fires("tls", #"content:"c2.example";"#, tls))
        XCTAssertTrue(try fires("ssl", #"content:"c2.example";"#, tls))
        XCTAssertFalse(try fires("http", #"content:"c2.example";"#, tls))
    }
}
