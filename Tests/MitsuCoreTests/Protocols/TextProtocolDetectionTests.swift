@testable import MitsuCore
import XCTest

/// The line-based recognisers: HTTP (and Docker API), SIP, SSH (+ HASSH), Redis, Telnet.
final class TextProtocolDetectionTests: XCTestCase {
    typealias F = Fixture
    func detect(_ s: String, _ t: ProtocolDetector.Transport = .tcp) -> DetectedProtocol { ProtocolDetector.detect(F.b(s), transport: t) }

    func testHTTPRequestWithHostAndUserAgent() {
        let d = detect("GET /index.php?x=1 HTTP/1.1\r\nhost: 10.0.0.1:8080\r\nUser-Agent:  curl/7.88.1\r\nAccept: */*\r\n\r\n")
        XCTAssertEqual(d.label, .http)
        XCTAssertEqual(d.method, "GET")
        XCTAssertEqual(d.uri, "/index.php?x=1")
        XCTAssertEqual(d.version, "HTTP/1.1")
        XCTAssertEqual(d.host, "10.0.0.1:8080")
        XCTAssertEqual(d.userAgent, "curl/7.88.1")
        XCTAssertEqual(detect("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").label, .http)
        XCTAssertEqual(detect("OPTIONS / HTTP/1.0\r\n\r\n").method, "OPTIONS")
    }

    func testDockerAPIPathsAreLabelledDocker() {
        for path in ["/version", "/_ping", "/info", "/containers/json?all=1", "/v1.41/version", "/v1.24/containers/create", "/images/json"] {
            XCTAssertEqual(detect("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n").label, .docker, path)
        }
        for path in ["/", "/versions", "/v1./x", "/v1.x/version", "/api/containers", "/wp-login.php", "/vx.1/version"] {
            XCTAssertEqual(detect("GET \(path) HTTP/1.1\r\n\r\n").label, .http, path)
        }
    }

    func testHTTPNegativeAndTruncated() {
        XCTAssertEqual(detect("post / HTTP/1.1\r\n\r\n").label, .unknown)  // methods are uppercase tokens
        XCTAssertEqual(detect("POST / HTTX/1.1\r\n\r\n").label, .unknown)
        // `GET key value` is also a Redis inline command: without an HTTP version, Redis is the better guess.
        XCTAssertEqual(detect("GET / HTTX/1.1\r\n\r\n").label, .redis)
        XCTAssertEqual(detect("GET / HTTP/1.").label, .unknown)
        XCTAssertEqual(detect("GET /index.ht").label, .unknown)
        XCTAssertEqual(detect("POST HTTP/1.1\r\n").label, .unknown)
        XCTAssertEqual(detect("POST  HTTP/1.1\r\n").label, .unknown)
    }

    func testHTTPOversizedLinesAndHeadersStayBounded() {
        // A request line longer than the 8 KiB line bound is not followed; huge header blocks are cut at 100 lines.
        XCTAssertEqual(detect("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\n\r\n").label, .unknown)
        let many = String(repeating: "X-A: b\r\n", count: 5000)
        let d = detect("GET / HTTP/1.1\r\n" + many + "User-Agent: late\r\n\r\n")
        XCTAssertEqual(d.label, .http)
        XCTAssertNil(d.userAgent)
        let long = detect("GET / HTTP/1.1\r\nUser-Agent: " + String(repeating: "z", count: 5000) + "\r\n\r\n")
        XCTAssertEqual(long.userAgent?.count, 256)
    }

    func testSIPOptionsOverUDPAndTCP() {
        let text = "OPTIONS sip:100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 1.2.3.4:5060\r\nf: \"sipvicious\"<sip:100@1.1.1.1>\r\n"
            + "To: <sip:100@1.1.1.1>\r\nUser-Agent: friendly-scanner\r\ni: 1234@host\r\nContent-Length: 0\r\n\r\n"
        for t in [ProtocolDetector.Transport.udp, .tcp] {
            let d = detect(text, t)
            XCTAssertEqual(d.label, .sip)
            XCTAssertEqual(d.method, "OPTIONS")
            XCTAssertEqual(d.uri, "sip:100@127.0.0.1")
            XCTAssertEqual(d.from, "\"sipvicious\"<sip:100@1.1.1.1>")
            XCTAssertEqual(d.to, "<sip:100@1.1.1.1>")
            XCTAssertEqual(d.userAgent, "friendly-scanner")
            XCTAssertEqual(d.callID, "1234@host")
        }
        XCTAssertEqual(detect("OPTIONS sip:100@127.0.0.1 SIP/3.0\r\n\r\n").label, .unknown)
        XCTAssertEqual(detect("REGISTER sip:x SIP/2.", .udp).label, .unknown)
    }

    func testSSHVersionAndHASSHFromKexInit() {
        let line = F.b("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n")
        let d = ProtocolDetector.detect(line + F.kexInit())
        XCTAssertEqual(d.label, .ssh)
        XCTAssertEqual(d.clientVersion, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3")
        XCTAssertEqual(d.hasshAlgorithms, "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ext-info-c;chacha20-poly1305@openssh.com,aes128-ctr,aes256-gcm@openssh.com;umac-64-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-256;none,zlib@openssh.com")
        // MD5 of that string, from Python's hashlib.
        var e = Event(kind: .payload, honeypot: "trap")
        e.apply(d)
        XCTAssertEqual(e.hassh, "ee32416d71c5ad0c773939ece70fd90b")
        XCTAssertEqual(e.protocol, "ssh")
    }

    func testSSHTruncatedKexInitGivesVersionOnly() {
        let line = F.b("SSH-2.0-Go\n")
        let kex = F.kexInit()
        for cut in [1, 5, 40, kex.count - 1] {
            let d = ProtocolDetector.detect(line + kex.prefix(cut))
            XCTAssertEqual(d.label, .ssh)
            XCTAssertEqual(d.clientVersion, "SSH-2.0-Go")
            XCTAssertNil(d.hasshAlgorithms, "cut at \(cut)")
        }
        // A packet that is not KEXINIT, and a name-list length past the packet's end.
        var notKex = kex
        notKex[5] = 21
        XCTAssertNil(ProtocolDetector.detect(line + notKex).hasshAlgorithms)
        var overlong = kex
        overlong[22] = 0x7f
        XCTAssertNil(ProtocolDetector.detect(line + overlong).hasshAlgorithms)
        XCTAssertEqual(ProtocolDetector.detect(F.b("SSH-") + [UInt8](repeating: 0x41, count: 70_000)).clientVersion?.count, 255)
        XCTAssertEqual(detect("SSX-2.0-x\r\n").label, .unknown)
    }

    func testRedisRESPAndInline() {
        let d = detect("*3\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$3\r\ndir\r\n")
        XCTAssertEqual(d.label, .redis)
        XCTAssertEqual(d.command, "CONFIG SET dir")
        XCTAssertEqual(detect("*1\r\n$4\r\nPING\r\n").command, "PING")
        XCTAssertEqual(detect("ping\r\n").command, "ping")
        XCTAssertEqual(detect("INFO server\n").label, .redis)
        XCTAssertEqual(detect("HELO example.com\r\n").label, .unknown)
        XCTAssertEqual(detect("*1\r\n").label, .unknown)
        XCTAssertEqual(detect("*1\r\n:5\r\n").label, .unknown)
        // Truncated bulk string: still Redis, the command as far as it came.
        XCTAssertEqual(detect("*2\r\n$3\r\nGET\r\n$100\r\nab").command, "GET ab")
        // Oversized: absurd counts are refused, long arrays keep their first 16 words.
        XCTAssertEqual(detect("*99999999999\r\n$4\r\nPING\r\n").label, .unknown)
        let many = "*100\r\n" + String(repeating: "$1\r\nx\r\n", count: 100)
        XCTAssertEqual(detect(many).command, Array(repeating: "x", count: 16).joined(separator: " "))
    }

    func testTelnetNegotiation() {
        XCTAssertEqual(ProtocolDetector.detect([255, 253, 3, 255, 251, 24, 255, 251, 31]).label, .telnet)
        XCTAssertEqual(ProtocolDetector.detect([255, 250, 31, 0, 80, 0, 24, 255, 240]).label, .telnet)
        XCTAssertEqual(ProtocolDetector.detect([255, 253]).label, .unknown)
        XCTAssertEqual(ProtocolDetector.detect([255, 244, 1]).label, .unknown)
    }

    func testUnknownEmptyAndBinaryNoise() {
        XCTAssertEqual(ProtocolDetector.detect([]).label, .unknown)
        XCTAssertEqual(detect("hi there\r\n").label, .unknown)
        XCTAssertEqual(ProtocolDetector.detect([UInt8](repeating: 0, count: 200_000)).label, .unknown)
        XCTAssertEqual(ProtocolDetector.detect([0x17, 0x00, 0x03, 0x2a, 0, 0, 0, 0], transport: .udp).label, .unknown)
    }
}
