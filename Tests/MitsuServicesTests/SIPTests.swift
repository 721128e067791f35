import Crypto
import Foundation
import MitsuCore
import XCTest
@testable import MitsuServices

/// The SIP parser, framer and Asterisk persona on request bytes written the way real tools write them.
final class SIPTests: XCTestCase {
    let udp = ServiceContext(honeypot: "sip", session: SessionID("0123456789ab")!,
                             endpoints: Endpoints(srcIP: "203.0.113.7", srcPort: 5070, destIP: "192.0.2.10", destPort: 5060),
                             transport: "udp")

    func persona(rules: [String] = []) -> SIPPersona {
        SIPPersona(settings: SIPPersona.Settings(), policy: LoginPolicy(rules: rules.compactMap(LoginPolicy.rule), acceptAfter: 0),
                   nonce: { "5f3a9c21" }, tag: { "as0badc0de" })
    }

    static func request(_ method: String, uri: String = "sip:100@192.0.2.10", to: String = "<sip:100@192.0.2.10>",
                        extra: [String] = [], ua: String = "friendly-scanner", cseqMethod: String? = nil, body: String = "") -> [UInt8] {
        let lines = [
            "\(method) \(uri) SIP/2.0",
            "Via: SIP/2.0/UDP 10.0.0.5:5070;branch=z9hG4bK-524287-1---0a1b2c3d;rport",
            "Max-Forwards: 70",
            "From: \"100\" <sip:100@192.0.2.10>;tag=3a2b1c",
            "To: \(to)",
            "Call-ID: 9f8e7d6c5b4a@10.0.0.5",
            "CSeq: 1 \(cseqMethod ?? method)",
            "User-Agent: \(ua)",
        ] + extra + ["Content-Length: \(body.utf8.count)", "", body]
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    static func text(_ out: [ServiceOutput]) -> [String] {
        out.compactMap { if case .send(let b) = $0 { return String(decoding: b, as: UTF8.self) } else { return nil } }
    }

    static func events(_ out: [ServiceOutput]) -> [Event] {
        out.compactMap { if case .event(let e) = $0 { return e } else { return nil } }
    }

    func answer(_ bytes: [UInt8], _ p: SIPPersona? = nil) -> [ServiceOutput] {
        SIPDatagram.handle(bytes, totalLength: bytes.count, persona: p ?? persona(), context: udp, payload: nil)
    }

    static func md5(_ s: String) -> String { Insecure.MD5.hash(data: Array(s.utf8)).map { String(format: "%02x", $0) }.joined() }

    // MARK: MD5

    func testMD5MatchesSwiftCryptoOnEveryLengthAroundTheBlockBoundaries() {
        XCTAssertEqual(MD5.hex(""), "d41d8cd98f00b204e9800998ecf8427e")
        XCTAssertEqual(MD5.hex("The quick brown fox jumps over the lazy dog"), "9e107d9d372bb6826bd81d3542a419d6")
        for n in 0..<200 {
            let s = String((0..<n).map { Character(UnicodeScalar(UInt8(33 + ($0 * 7) % 90))) })
            XCTAssertEqual(MD5.hex(s), Self.md5(s), "length \(n)")
        }
    }

    // MARK: Parser

    func testCompactFormsFoldingAndBodyParse() throws {
        let raw = "INVITE sip:200@pbx SIP/2.0\r\nv: SIP/2.0/UDP 10.0.0.5;branch=z9hG4bK1\r\nf: <sip:a@b>;tag=1\r\nt: <sip:200@pbx>\r\n"
            + "i: abc\r\nCSeq: 7 INVITE\r\nSubject: a\r\n  folded\r\nl: 4\r\nc: application/sdp\r\n\r\nv=0\r\nextra"
        let r = try SIPMessage.parseDatagram(Array(raw.utf8))
        XCTAssertEqual(r.method, "INVITE")
        XCTAssertEqual(r.uri, "sip:200@pbx")
        XCTAssertEqual(r.header("Call-ID"), "abc")
        XCTAssertEqual(r.header("via"), "SIP/2.0/UDP 10.0.0.5;branch=z9hG4bK1")
        XCTAssertEqual(r.header("Content-Type"), "application/sdp")
        XCTAssertEqual(r.header("Subject"), "a folded")
        XCTAssertEqual(r.body, Array("v=0\r".utf8), "Content-Length bounds the body inside a datagram")
        XCTAssertEqual(SIPPersona.user(ofURI: r.header("To")!), "200")
    }

    func testMalformedDatagramsAreLoggedAndNeverAnswered() {
        let good = Self.request("OPTIONS")
        let cases: [(String, [UInt8])] = [
            ("binary", [0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0, 0]),
            ("truncated head", Array(good.prefix(40))),
            ("no blank line, no From", Array("OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n".utf8)),
            ("truncated body", Array(String(decoding: Self.request("INVITE", body: "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\n"), as: UTF8.self)
                .replacingOccurrences(of: "Content-Length: 29", with: "Content-Length: 900").utf8)),
            ("bad length", Array(String(decoding: good, as: UTF8.self).replacingOccurrences(of: "Content-Length: 0", with: "Content-Length: -5").utf8)),
            ("no via", Array(String(decoding: good, as: UTF8.self).replacingOccurrences(of: "Via:", with: "Xia:").utf8)),
            ("response", Array("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP x\r\n\r\n".utf8)),
            ("request line", Array("OPTIONS sip:x SIP/3.0\r\n\r\n".utf8)),
            ("header without colon", Array("OPTIONS sip:x SIP/2.0\r\nVia SIP/2.0/UDP x\r\n\r\n".utf8)),
            ("too many headers", Array(("OPTIONS sip:x SIP/2.0\r\n" + String(repeating: "X-A: b\r\n", count: 500) + "\r\n").utf8)),
            ("invalid utf8", Array("OPTIONS sip:x SIP/2.0\r\nFrom: ".utf8) + [0xff, 0xfe] + Array("\r\n\r\n".utf8)),
            ("bare CR in a mirrored header", Array(String(decoding: good, as: UTF8.self)
                .replacingOccurrences(of: "Call-ID: 9f8e", with: "Call-ID: x\rInjected: 9f8e").utf8)),
            ("bad cseq", Array(String(decoding: good, as: UTF8.self).replacingOccurrences(of: "CSeq: 1 OPTIONS", with: "CSeq: x").utf8)),
        ]
        for (name, bytes) in cases {
            let out = answer(bytes)
            XCTAssertEqual(Self.text(out), [], name)
            let events = Self.events(out)
            XCTAssertEqual(events.map(\.kind), [.protocolError], name)
            XCTAssertEqual(events.first?.transport, "udp", name)
            XCTAssertFalse(events.first?.message?.isEmpty ?? true, name)
            if name.hasPrefix("bare CR") { XCTAssertTrue(events.first?.message?.hasPrefix("bad SIP header line 'Call-ID: x") ?? false, name) }
        }
        // Larger than any UDP datagram: refused by size before parsing.
        let big = [UInt8](repeating: 0x41, count: 70_000)
        let out = SIPDatagram.handle(Array(big.prefix(SIPMessage.maxMessageBytes + 1)), totalLength: big.count, persona: persona(),
                                     context: udp, payload: nil)
        XCTAssertEqual(Self.events(out).first?.message, "SIP message of 70000 bytes exceeds the limit")
        XCTAssertEqual(Self.text(out), [])
    }

    // MARK: Persona

    func testOptionsAnswerMirrorsTheRequestAndMatchesNmapsAsteriskProbe() throws {
        let out = answer(Self.request("OPTIONS", ua: "sipvicious"))
        let reply = try XCTUnwrap(Self.text(out).first)
        XCTAssertEqual(reply, """
            SIP/2.0 200 OK\r
            Via: SIP/2.0/UDP 10.0.0.5:5070;branch=z9hG4bK-524287-1---0a1b2c3d;received=203.0.113.7;rport=5070\r
            From: "100" <sip:100@192.0.2.10>;tag=3a2b1c\r
            To: <sip:100@192.0.2.10>;tag=as0badc0de\r
            Call-ID: 9f8e7d6c5b4a@10.0.0.5\r
            CSeq: 1 OPTIONS\r
            Server: Asterisk PBX 20.5.2\r
            Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO, PUBLISH\r
            Supported: replaces, timer\r
            Contact: <sip:192.0.2.10:5060>\r
            Accept: application/sdp\r
            Content-Length: 0\r
            \r

            """)
        // nmap-service-probes (7.93): `match sip m|^SIP/2\.0 200 OK\r\n(?:[^\r\n]+\r\n)*?Server: Asterisk PBX ([\w._~+-]+)\r\nAllow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO, PUBLISH\r\n|s p/Asterisk/`
        let nmap = try NSRegularExpression(pattern: "^SIP/2\\.0 200 OK\\r\\n(?:[^\\r\\n]+\\r\\n)*?Server: Asterisk PBX ([\\w._~+-]+)\\r\\nAllow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO, PUBLISH\\r\\n",
                                           options: .dotMatchesLineSeparators)
        XCTAssertNotNil(nmap.firstMatch(in: reply, range: NSRange(reply.startIndex..., in: reply)))
        let e = try XCTUnwrap(Self.events(out).first)
        XCTAssertEqual(e.kind, .sipRequest)
        XCTAssertEqual(e.sip, SIPInfo(method: "OPTIONS", uri: "sip:100@192.0.2.10", from: "\"100\" <sip:100@192.0.2.10>;tag=3a2b1c",
                                      to: "<sip:100@192.0.2.10>", userAgent: "sipvicious", callID: "9f8e7d6c5b4a@10.0.0.5",
                                      scanner: "sipvicious", status: 200))
        XCTAssertEqual(e.protocol, "sip")
        XCTAssertEqual(e.srcIP, "203.0.113.7")
    }

    func testViaReceivedOnlyWhenTheSentByHostDiffers() {
        let ctx = udp
        XCTAssertEqual(SIPPersona.stamp(via: "SIP/2.0/UDP 203.0.113.7:5070;branch=z9hG4bK1", context: ctx), "SIP/2.0/UDP 203.0.113.7:5070;branch=z9hG4bK1")
        XCTAssertEqual(SIPPersona.stamp(via: "SIP/2.0/TCP nm;branch=foo", context: ctx), "SIP/2.0/TCP nm;branch=foo;received=203.0.113.7")
        XCTAssertEqual(SIPPersona.stamp(via: "SIP/2.0/UDP [2001:db8::1]:5060;rport;branch=b, SIP/2.0/UDP proxy;branch=c", context: ctx),
                       "SIP/2.0/UDP [2001:db8::1]:5060;branch=b;received=203.0.113.7;rport=5070, SIP/2.0/UDP proxy;branch=c")
    }

    func testScannersAreRecognisedByUserAgent() {
        XCTAssertEqual(SIPScanner.identify(userAgent: "friendly-scanner"), "friendly-scanner")
        XCTAssertEqual(SIPScanner.identify(userAgent: "sipsak 0.9.8.1"), "sipsak")
        XCTAssertEqual(SIPScanner.identify(userAgent: "VaxSIPUserAgent/3.1"), "VaxSIPUserAgent")
        XCTAssertEqual(SIPScanner.identify(userAgent: "sundayddr"), "sundayddr")
        XCTAssertEqual(SIPScanner.identify(userAgent: "PPLSIP"), "pplsip")
        XCTAssertEqual(SIPScanner.identify(userAgent: "iWar"), "iWar")
        XCTAssertEqual(SIPScanner.identify(userAgent: "sipcli/v1.8"), "sipcli")
        XCTAssertNil(SIPScanner.identify(userAgent: "Zoiper rev.11137"))
        XCTAssertNil(SIPScanner.identify(userAgent: nil))
    }

    func testRegisterChallengesConfiguredExtensionsAndRefusesOthers() throws {
        let known = answer(Self.request("REGISTER", uri: "sip:192.0.2.10", to: "\"100\" <sip:100@192.0.2.10>"))
        let challenge = try XCTUnwrap(Self.text(known).first)
        XCTAssertTrue(challenge.hasPrefix("SIP/2.0 401 Unauthorized\r\n"), challenge)
        XCTAssertTrue(challenge.contains("\r\nWWW-Authenticate: Digest algorithm=MD5, realm=\"asterisk\", nonce=\"5f3a9c21\"\r\n"), challenge)
        let unknown = answer(Self.request("REGISTER", uri: "sip:192.0.2.10", to: "<sip:4711@192.0.2.10>"))
        XCTAssertTrue(Self.text(unknown).first?.hasPrefix("SIP/2.0 404 Not found\r\n") ?? false)
        XCTAssertEqual(Self.events(unknown).first?.sip?.status, 404)
    }

    func authorization(user: String, password: String, method: String, uri: String, nonce: String = "5f3a9c21", qop: Bool = false) -> String {
        let ha1 = Self.md5("\(user):asterisk:\(password)"), ha2 = Self.md5("\(method):\(uri)")
        if qop {
            let r = Self.md5("\(ha1):\(nonce):00000001:0a4f113b:auth:\(ha2)")
            return "Authorization: Digest username=\"\(user)\",realm=\"asterisk\",nonce=\"\(nonce)\",uri=\"\(uri)\",response=\"\(r)\",algorithm=MD5,qop=auth,nc=00000001,cnonce=\"0a4f113b\""
        }
        let r = Self.md5("\(ha1):\(nonce):\(ha2)")
        return "Authorization: Digest username=\"\(user)\", realm=\"asterisk\", nonce=\"\(nonce)\", uri=\"\(uri)\", response=\"\(r)\", algorithm=MD5"
    }

    func testDigestAnswerIsCapturedWithAHashcatLineAndRefused() throws {
        let auth = authorization(user: "101", password: "hunter2", method: "REGISTER", uri: "sip:192.0.2.10")
        let out = answer(Self.request("REGISTER", uri: "sip:192.0.2.10", to: "<sip:101@192.0.2.10>", extra: [auth], ua: "Linphone/5.2"))
        XCTAssertTrue(Self.text(out).first?.hasPrefix("SIP/2.0 403 Forbidden\r\n") ?? false)
        let events = Self.events(out)
        XCTAssertEqual(events.map(\.kind), [.sipRequest, .loginFailed])
        let e = events[1]
        XCTAssertEqual(e.username, "101")
        XCTAssertEqual(e.clientVersion, "Linphone/5.2")
        XCTAssertEqual(e.sip?.realm, "asterisk")
        XCTAssertEqual(e.sip?.nonce, "5f3a9c21")
        XCTAssertEqual(e.sip?.digestURI, "sip:192.0.2.10")
        let response = Self.md5(Self.md5("101:asterisk:hunter2") + ":5f3a9c21:" + Self.md5("REGISTER:sip:192.0.2.10"))
        XCTAssertEqual(e.sip?.response, response)
        XCTAssertEqual(e.hashcat, "$sip$*192.0.2.10*203.0.113.7*101*asterisk*REGISTER*sip*192.0.2.10**5f3a9c21****MD5*\(response)")
        XCTAssertEqual(e.hashcatMode, 11400)
        XCTAssertNil(e.password)
        XCTAssertEqual(events[0].sip?.status, 403)
    }

    func testAnExactPasswordRuleLetsTheRegistrationIn() throws {
        let p = persona(rules: ["101:hunter2"])
        let good = answer(Self.request("REGISTER", uri: "sip:192.0.2.10", to: "<sip:101@192.0.2.10>",
                                       extra: [authorization(user: "101", password: "hunter2", method: "REGISTER", uri: "sip:192.0.2.10", qop: true),
                                               "Contact: <sip:101@10.0.0.5:5070>"]), p)
        XCTAssertTrue(Self.text(good).first?.hasPrefix("SIP/2.0 200 OK\r\n") ?? false)
        XCTAssertTrue(Self.text(good).first?.contains("\r\nContact: <sip:101@10.0.0.5:5070>;expires=120\r\n") ?? false)
        XCTAssertEqual(Self.events(good).map(\.kind), [.sipRequest, .loginSuccess])
        XCTAssertTrue(Self.events(good)[1].hashcat?.hasSuffix("*0a4f113b*00000001*auth*MD5*" + (Self.events(good)[1].sip?.response ?? "")) ?? false)
        let bad = answer(Self.request("REGISTER", uri: "sip:192.0.2.10", to: "<sip:101@192.0.2.10>",
                                      extra: [authorization(user: "101", password: "wrong", method: "REGISTER", uri: "sip:192.0.2.10")]), p)
        XCTAssertEqual(Self.events(bad).map(\.kind), [.sipRequest, .loginFailed])
        XCTAssertTrue(Self.text(bad).first?.hasPrefix("SIP/2.0 403 ") ?? false)
    }

    func testQopWithoutNcAndCnonceIsHashedTheRFC2069Way() throws {
        // What sipvicious' svcrack sends: qop=auth, but no nc/cnonce, and the response without them.
        let r = Self.md5(Self.md5("102:asterisk:s3cret") + ":5f3a9c21:" + Self.md5("REGISTER:sip:[::1]"))
        let c = try XCTUnwrap(SIPDigestCredentials.parse(
            "Digest username=\"102\",realm=\"asterisk\",nonce=\"5f3a9c21\",uri=\"sip:[::1]\",response=\"\(r)\",algorithm=MD5,qop=auth"))
        XCTAssertFalse(c.usesQop)
        XCTAssertEqual(c.expectedResponse(password: "s3cret", method: "REGISTER"), r)
        XCTAssertEqual(c.hashcatLine(server: "::1", client: "::1", method: "REGISTER"),
                       "$sip$*::1*::1*102*asterisk*REGISTER*sip*[::1]**5f3a9c21****MD5*\(r)")
    }

    func testInviteIsChallengedAndDialogMethodsAreAnsweredLikeAsterisk() throws {
        let invite = answer(Self.request("INVITE", uri: "sip:0044123456789@192.0.2.10", body: "v=0\r\n"))
        XCTAssertEqual(Self.text(invite).map { $0.components(separatedBy: "\r\n")[0] },
                       ["SIP/2.0 100 Trying", "SIP/2.0 407 Proxy Authentication Required"])
        XCTAssertFalse(Self.text(invite)[0].contains(";tag=as"), "100 Trying carries no To tag")
        XCTAssertTrue(Self.text(invite)[1].contains("\r\nProxy-Authenticate: Digest algorithm=MD5, realm=\"asterisk\", nonce=\"5f3a9c21\"\r\n"))
        XCTAssertEqual(Self.events(invite).first?.sip?.uri, "sip:0044123456789@192.0.2.10")
        let ack = answer(Self.request("ACK"))
        XCTAssertEqual(Self.text(ack), [])
        XCTAssertEqual(Self.events(ack).map(\.kind), [.sipRequest])
        XCTAssertNil(Self.events(ack).first?.sip?.status)
        for m in ["BYE", "CANCEL"] {
            XCTAssertTrue(Self.text(answer(Self.request(m))).first?.hasPrefix("SIP/2.0 481 Call leg/transaction does not exist\r\n") ?? false, m)
        }
        XCTAssertTrue(Self.text(answer(Self.request("FOO"))).first?.hasPrefix("SIP/2.0 501 ") ?? false)
    }

    func testATinyForgedDatagramIsNotAnsweredWithAnAmplifiedReply() throws {
        let tiny = Array("OPTIONS sip:a SIP/2.0\r\nv:SIP/2.0/UDP a\r\nf:a\r\nt:a\r\ni:a\r\nCSeq:1 OPTIONS\r\n\r\n".utf8)
        let out = answer(tiny)
        XCTAssertEqual(Self.text(out), [])
        let e = try XCTUnwrap(Self.events(out).first)
        XCTAssertEqual(e.kind, .sipRequest)
        XCTAssertTrue(e.message?.hasPrefix("answer withheld: ") ?? false, String(describing: e.message))
        XCTAssertTrue(e.message?.hasSuffix(" bytes for a \(tiny.count)-byte datagram") ?? false)
        // A request as real clients write it is answered (the reply is under 3x its size).
        XCTAssertEqual(Self.text(answer(Self.request("OPTIONS"))).count, 1)
        XCTAssertNil(Self.events(answer(Self.request("OPTIONS"))).first?.message)
    }

    // MARK: TCP

    func testStreamFramingAcrossChunksAndKeepalives() throws {
        var s = SIPTCPSession(context: Fixture.context("sip"), persona: persona())
        let one = Self.request("OPTIONS"), two = Self.request("BYE")
        var out: [ServiceOutput] = s.receive(Array("\r\n\r\n".utf8))
        for b in one + two { out += s.receive([b]) }
        XCTAssertEqual(Self.text(out).map { String($0.prefix(12)) }, ["SIP/2.0 200 ", "SIP/2.0 481 "])
        XCTAssertEqual(s.connectionClosed(), [])
        // A body is read by Content-Length, then the next message follows.
        let withBody = Self.request("INVITE", body: "v=0\r\n\r\n")
        let both = s.receive(withBody + one)
        XCTAssertEqual(Self.text(both).count, 3)
    }

    func testHostileStreamsEndWithAnEventAndAClose() {
        let cases: [(String, [UInt8])] = [
            ("endless head", [UInt8](repeating: 0x41, count: SIPMessage.maxHeadBytes + 10)),
            ("huge length", Array(String(decoding: Self.request("OPTIONS"), as: UTF8.self)
                .replacingOccurrences(of: "Content-Length: 0", with: "Content-Length: 999999").utf8)),
            ("garbage", Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)),
        ]
        for (name, bytes) in cases {
            var s = SIPTCPSession(context: Fixture.context("sip"), persona: persona())
            let out = s.receive(bytes)
            XCTAssertEqual(out.last, .close, name)
            XCTAssertEqual(Self.events(out).map(\.kind), [.protocolError], name)
            XCTAssertEqual(Self.text(out), [], name)
            XCTAssertEqual(s.connectionClosed(), [], "the error was reported once: \(name)")
        }
        var s = SIPTCPSession(context: Fixture.context("sip"), persona: persona())
        XCTAssertEqual(s.receive(Array(Self.request("OPTIONS").prefix(50))), [])
        XCTAssertEqual(Self.events(s.connectionClosed()).map(\.kind), [.protocolError])
    }
}
