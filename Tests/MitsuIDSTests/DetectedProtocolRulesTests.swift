import MitsuCore
@testable import MitsuIDS
import XCTest

/// Trap payloads carry the protocol detected from their content; app-layer rules apply by that protocol,
/// whatever the port, and HTTP sticky buffers are filled only for payloads detected as HTTP.
final class DetectedProtocolRulesTests: XCTestCase {
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
        let q = dnsQuery(["version", "bind"], type: 16, class: 3)
        let dns = trapPayload(q, port: 53, transport: "udp")
        XCTAssertEqual(dns.protocol, "dns")
        XCTAssertEqual(dns.dns?.rrname, "version.bind")
        XCTAssertTrue(try fires("dns", #"content:"|07|version|04|bind|00|";"#, dns))
        // The same bytes over TCP without DNS's length prefix are not DNS: only transport rules apply.
        let raw = trapPayload(q, port: 53, transport: "tcp")
        XCTAssertEqual(raw.protocol, "unknown")
        XCTAssertFalse(try fires("dns", #"content:"|07|version|04|bind|00|";"#, raw))
        XCTAssertTrue(try fires("tcp", #"content:"|07|version|04|bind|00|";"#, raw))

        let tls = trapPayload(clientHello(sni: "c2.example"), port: 4444)
        XCTAssertEqual(tls.protocol, "tls")
        XCTAssertEqual(tls.tls?.sni, "c2.example")
        XCTAssertTrue(try fires("tls", #"content:"c2.example";"#, tls))
        XCTAssertTrue(try fires("ssl", #"content:"c2.example";"#, tls))
        XCTAssertFalse(try fires("http", #"content:"c2.example";"#, tls))
    }

    func testEventsWithoutBuffersAreNotInspectedAndBuffersKeepTheirFlow() throws {
        var connect = Event(kind: .sessionConnect, honeypot: "trap", session: SessionID("00000000cafe"))
        connect.srcIP = "2001:db8::7"
        connect.destPort = 80
        XCTAssertNil(InspectionInput.from(connect), "nothing to match: no input, no address parsing")
        let e = trapPayload(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), port: 8080, srcIP: "203.0.113.7")
        let input = try XCTUnwrap(InspectionInput.from(e))
        XCTAssertEqual(input.flowKey, "00000000cafe")
        XCTAssertEqual(input.srcAddress, CIDR.address("203.0.113.7"))
        XCTAssertEqual(input.destPort, 8080)
        XCTAssertEqual(input.transport, "tcp")
    }

    func testRequestTextIsCutAtCRLFOnTheBytes() throws {
        // A combining mark after CRLF makes one grapheme of "\r\n\u{301}": the header after it still starts
        // a line. A bare LF does not end a line; a line without a colon is skipped; values are trimmed.
        let text = "POST  /a%20b?x=1 HTTP/1.1\r\n\u{301}X-A: 1\r\nUser-Agent:  curl/8\t\r\nBad line\r\nX-B: 2\nX-C: 3\r\n\r\nbody"
        let req = try XCTUnwrap(HTTPRequestText.parse(Array(text.utf8)))
        XCTAssertEqual(req.method, "POST")
        XCTAssertEqual(req.uri, "/a%20b?x=1")
        XCTAssertEqual(req.version, "HTTP/1.1")
        XCTAssertEqual(req.headers["\u{301}X-A"], "1")
        XCTAssertEqual(req.headers["User-Agent"], "curl/8")
        XCTAssertEqual(req.headers["X-B"], "2\nX-C: 3")
        XCTAssertNil(req.headers["Bad line"])
        XCTAssertEqual(req.body, Array("body".utf8))
        XCTAssertNil(HTTPRequestText.parse(Array("GET /\r\n\r\n".utf8)), "shorter than a request")
        XCTAssertNil(HTTPRequestText.parse(Array("GETX / HTTP/1.1\r\n\r\n".utf8)), "not a method")
        let headOnly = try XCTUnwrap(HTTPRequestText.parse(Array("GET /only-head HTTP/1.0".utf8)))
        XCTAssertEqual(headOnly.uri, "/only-head")
        XCTAssertEqual(headOnly.body, [])
        var input = InspectionInput(flowKey: "k")
        HTTPBuffers.fill(&input, method: req.method, uri: req.uri, version: req.version, headers: req.headers,
                         host: nil, userAgent: nil, body: req.body)
        XCTAssertEqual(input[.httpUserAgent], Array("curl/8".utf8), "header names match case-insensitively")
        XCTAssertEqual(input[.httpURI], Array("/a b?x=1".utf8))
    }
}
