import Foundation
import MitsuCore
@testable import MitsuIDS
import XCTest

/// The TLS, DNS and SSH sticky buffers (`tls.sni`, `ja3.hash`, `ja3.string`, `ja4.hash`, `dns.query`,
/// `ssh.proto`, `ssh.software`, `ssh.hassh`, `ssh.hassh.string` and Suricata's older names), filled from
/// trap payloads (protocol detection), MitsuWeb's `tls.client_hello` and MitsuSSH's version/kex events.
final class AppLayerBufferTests: XCTestCase {
    // MARK: events

    func sshEvent(_ kind: EventKind, version: String = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3",
                  hassh: String? = nil, algorithms: String? = nil) -> Event {
        var e = Event(kind: kind, honeypot: "ssh", session: SessionID("00000000f00d"))
        e.set(Endpoints(srcIP: "198.51.100.4", srcPort: 50022, destIP: "192.0.2.10", destPort: 22), transport: "tcp")
        e.protocol = "ssh"
        e.clientVersion = version
        e.hassh = hassh
        e.hasshAlgorithms = algorithms
        return e
    }

    func webClientHello(_ tls: TLSInfo) -> Event {
        var e = Event(kind: .tlsClientHello, honeypot: "web", session: SessionID("00000000c0de"))
        e.set(Endpoints(srcIP: "203.0.113.20", srcPort: 51000, destIP: "192.0.2.10", destPort: 443), transport: "tcp")
        e.protocol = "https"
        e.tls = tls
        return e
    }


    static let ja3 = "771,4865-4866-4867-49195,0-23-65281-10-11-35-16-5-13,29-23-24,0"
    static let ja3Hash = "2d4a5c1f8e5b3a6c7d8e9f0a1b2c3d4e"
    static let ja4 = "t13d1516h2_8daaf6152771_d8a2da3f94cd"
    static let hasshAlgorithms = "curve25519-sha256,ext-info-c;aes128-ctr;hmac-sha2-256;none"
    static let hassh = "ec7378c1a92f5a8dde7e8b7a1ddf33d1"

    // MARK: TLS

    func testTLSSNIOnATrapPayload() throws {
        let e = trapPayload(clientHello(sni: "evil.example"))
        XCTAssertEqual(e.protocol, "tls")
        XCTAssertTrue(try fires("tls", #"tls.sni; content:"evil.example"; bsize:12;"#, e))
        // ET Open's usual shape: legacy name, nocase, the name ends the buffer.
        XCTAssertTrue(try fires("tls", #"tls_sni; content:"EVIL.example"; isdataat:!1,relative; nocase;"#, e))
        XCTAssertFalse(try fires("tls", #"tls.sni; content:"good.example";"#, e))
        XCTAssertFalse(try fires("tls", #"tls.sni; content:"evil"; isdataat:!1,relative;"#, e))
        // The buffer is the name alone, not the record around it.
        XCTAssertFalse(try fires("tls", #"tls.sni; content:"|00 0c|evil";"#, e))
    }

    func testTLSSNIRuleIgnoresHTTPCarryingTheSameBytes() throws {
        let r = #"tls.sni; content:"evil.example";"#
        XCTAssertTrue(try fires("tls", r, trapPayload(clientHello(sni: "evil.example"))))
        let web = httpEvent(uri: "/evil.example", headers: ["Host": "evil.example"], body: "evil.example")
        XCTAssertFalse(try fires("tls", r, web))
        XCTAssertFalse(try fires("tcp", r, web), "no tls.sni buffer on HTTP, whatever the header")
        let trapHTTP = trapPayload(Array("GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n".utf8), port: 443)
        XCTAssertEqual(trapHTTP.protocol, "http")
        XCTAssertFalse(try fires("tls", r, trapHTTP))
        XCTAssertFalse(try fires("tcp", r, trapHTTP))
        // And an `alert http` rule does not fire on the TLS payload through its sticky buffer.
        XCTAssertFalse(try fires("http", r, trapPayload(clientHello(sni: "evil.example"))))
    }

    func testJA3HashAndString() throws {
        let e = webClientHello(TLSInfo(version: "1.3", sni: "x.test", ja3: Self.ja3, ja3Hash: Self.ja3Hash, ja4: Self.ja4))
        XCTAssertTrue(try fires("tls", #"ja3.hash; content:"\#(Self.ja3Hash)";"#, e))
        XCTAssertTrue(try fires("tls", #"ja3_hash; content:"\#(Self.ja3Hash.uppercased())";"#, e), "contents are lowercased like Suricata's")
        XCTAssertFalse(try fires("tls", #"ja3.hash; content:"00000000000000000000000000000000";"#, e))
        XCTAssertTrue(try fires("tls", #"ja3.string; content:"771,4865-"; startswith;"#, e))
        XCTAssertTrue(try fires("tls", #"ja3_string; content:",29-23-24,0"; endswith;"#, e))
        XCTAssertFalse(try fires("tls", #"ja3.string; content:"769,"; startswith;"#, e))
        // The ja3 string rule from ET Open (set + noalert) loads; the hash and string both match.
        XCTAssertTrue(try fires("tls", #"ja3.hash; content:"\#(Self.ja3Hash)"; ja3.string; content:"771,4865";"#, e))
    }

    func testJA3HashContentMustBeADigest() {
        for bad in ["abc", String(repeating: "a", count: 33)] {
            XCTAssertThrowsError(try ruleWith(#"ja3.hash; content:"\#(bad)";"#, proto: "tls")) { error in
                XCTAssertEqual((error as? RuleError)?.summary, "bad value for ja3.hash")
            }
        }
        XCTAssertThrowsError(try ruleWith(#"ssh.hassh; content:"ec7378";"#, proto: "ssh"))
        XCTAssertNoThrow(try ruleWith(#"ja3.string; content:"771";"#, proto: "tls"), "only the digest buffers have a length")
    }

    func testJA4Hash() throws {
        let e = webClientHello(TLSInfo(version: "1.3", sni: "x.test", ja3: Self.ja3, ja3Hash: Self.ja3Hash, ja4: Self.ja4))
        XCTAssertTrue(try fires("tls", #"ja4.hash; content:"\#(Self.ja4)";"#, e))
        XCTAssertTrue(try fires("tls", #"ja4.hash; content:"t13d"; startswith;"#, e))
        XCTAssertFalse(try fires("tls", #"ja4.hash; content:"t12d"; startswith;"#, e))
    }

    func testWebClientHelloIsTLSToRuleHeaders() throws {
        let e = webClientHello(TLSInfo(version: "1.3", sni: "evil.example", ja3: Self.ja3, ja3Hash: Self.ja3Hash, ja4: Self.ja4))
        XCTAssertTrue(try fires("tls", #"tls.sni; content:"evil.example";"#, e))
        XCTAssertTrue(try fires("ssl", #"tls.sni; content:"evil.example";"#, e))
        XCTAssertFalse(try fires("http", #"tls.sni; content:"evil.example";"#, e))
        let alert = IDSEngine(rules: [try ruleWith(#"tls.sni; content:"evil.example";"#, proto: "tls")]).inspect(e)
        XCTAssertEqual(alert.first?.honeypot, "web")
        XCTAssertEqual(alert.first?.session, e.session)
        // A hello without fingerprints (protocol.error instead) gives nothing to inspect.
        var broken = e
        broken.kind = .protocolError
        broken.tls = nil
        XCTAssertNil(InspectionInput.from(broken))
    }

    // MARK: DNS

    func testDNSQueryIsTheDottedName() throws {
        let udp = trapPayload(dnsQuery(["www", "evil", "example"]), port: 53, transport: "udp")
        XCTAssertEqual(udp.protocol, "dns")
        XCTAssertTrue(try fires("dns", #"dns.query; content:"www.evil.example"; bsize:16;"#, udp))
        XCTAssertTrue(try fires("dns", #"dns_query; content:"EVIL.example"; nocase; endswith;"#, udp))
        XCTAssertFalse(try fires("dns", #"dns.query; content:"|04|evil";"#, udp), "labels are joined by dots, as in Suricata")
        XCTAssertFalse(try fires("dns", #"dns.query; content:"good.example";"#, udp))
        let tcp = trapPayload(dnsQuery(["evil", "example"], tcp: true), port: 53)
        XCTAssertEqual(tcp.protocol, "dns")
        XCTAssertTrue(try fires("dns", #"dns.query; content:"evil.example"; startswith; endswith;"#, tcp))
        XCTAssertFalse(try fires("tls", #"dns.query; content:"evil.example";"#, tcp))
    }

    func testDNSRootQueryIsAnEmptyBuffer() throws {
        let root = trapPayload(dnsQuery([]), port: 53, transport: "udp")
        XCTAssertEqual(root.dns?.rrname, ".")
        XCTAssertEqual(InspectionInput.from(root)?[.dnsQuery], [])
        XCTAssertFalse(try fires("dns", #"dns.query; content:".";"#, root))
    }

    // MARK: dotprefix

    func testDotprefixMatchesADomainAndItsSubdomainsOnly() throws {
        let r = #"dns.query; dotprefix; content:".evil.example"; nocase; endswith;"#
        for (labels, expected) in [(["evil", "example"], true), (["www", "EVIL", "example"], true), (["notevil", "example"], false)] {
            let e = trapPayload(dnsQuery(labels), port: 53, transport: "udp")
            XCTAssertEqual(try fires("dns", r, e), expected, "\(labels)")
        }
        let sni = #"tls.sni; dotprefix; content:".evil.example"; endswith; fast_pattern;"#
        XCTAssertEqual(try ruleWith(sni, proto: "tls").fastPattern?.buffer, .tlsSNIDotPrefix)
        XCTAssertTrue(try fires("tls", sni, trapPayload(clientHello(sni: "evil.example"))))
        XCTAssertFalse(try fires("tls", sni, trapPayload(clientHello(sni: "badevil.example"))))
        // Without the transform the plain buffer has no dot in front.
        XCTAssertFalse(try fires("tls", #"tls.sni; content:".evil.example";"#, trapPayload(clientHello(sni: "evil.example"))))
        let host = #"http.host; dotprefix; content:".evil.example"; endswith;"#
        XCTAssertTrue(try fires("http", host, httpEvent(uri: "/", headers: ["Host": "cdn.evil.example"])))
        XCTAssertFalse(try fires("http", host, httpEvent(uri: "/", headers: ["Host": "devil.example"])))
    }

    func testDotprefixNeedsASupportedStickyBuffer() {
        for options in [#"dotprefix; content:".a";"#, #"http.uri; dotprefix; content:".a";"#] {
            XCTAssertThrowsError(try ruleWith(options, proto: "dns"), options) { error in
                XCTAssertEqual((error as? RuleError)?.summary, "bad value for dotprefix")
            }
        }
        XCTAssertThrowsError(try ruleWith(#"dns.query + dotprefix; content:"a";"#, proto: "dns"), "a transformed buffer is no keyword")
    }

    func testContentsBeforeDotprefixStayOnThePlainBuffer() throws {
        let r = #"dns.query; content:"rs-"; startswith; dotprefix; content:".rustdesk.com"; nocase; endswith;"#
        XCTAssertEqual(try ruleWith(r, proto: "dns").programs.map(\.buffer), [.dnsQuery, .dnsQueryDotPrefix])
        XCTAssertTrue(try fires("dns", r, trapPayload(dnsQuery(["rs-ny", "rustdesk", "com"]), port: 53, transport: "udp")))
        XCTAssertFalse(try fires("dns", r, trapPayload(dnsQuery(["www", "rustdesk", "com"]), port: 53, transport: "udp")))
        XCTAssertFalse(try fires("dns", r, trapPayload(dnsQuery(["rs-ny", "notrustdesk", "com"]), port: 53, transport: "udp")))
    }

    // MARK: SSH

    func testSSHProtoAndSoftwareFromATrapPayload() throws {
        let e = trapPayload(Array("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n".utf8), port: 2375)
        XCTAssertEqual(e.protocol, "ssh")
        XCTAssertTrue(try fires("ssh", #"ssh.proto; content:"2.0"; bsize:3;"#, e))
        XCTAssertTrue(try fires("ssh", #"ssh_proto; content:"2.0";"#, e))
        XCTAssertFalse(try fires("ssh", #"ssh.proto; content:"1.99";"#, e))
        XCTAssertTrue(try fires("ssh", #"ssh.software; content:"openssh"; nocase; startswith;"#, e))
        XCTAssertTrue(try fires("ssh", #"ssh_software; content:"OpenSSH_9.2p1"; bsize:13;"#, e), "the comment after the space is not the software")
        XCTAssertFalse(try fires("ssh", #"ssh.software; content:"Debian";"#, e))
        XCTAssertFalse(try fires("ssh", #"ssh.software; content:"SSH-2.0";"#, e))
    }

    func testSSHHoneypotEvents() throws {
        let version = sshEvent(.sshClientVersion, version: "SSH-2.0-libssh2_1.10.0")
        XCTAssertTrue(try fires("ssh", #"ssh.software; content:"libssh2_"; startswith;"#, version))
        XCTAssertFalse(try fires("ssh", #"ssh.software; content:"PuTTY";"#, version))
        let kex = sshEvent(.sshClientKex, version: "SSH-2.0-libssh2_1.10.0", hassh: Self.hassh, algorithms: Self.hasshAlgorithms)
        XCTAssertTrue(try fires("ssh", #"ssh.hassh; content:"\#(Self.hassh)";"#, kex))
        XCTAssertTrue(try fires("ssh", #"ssh.hassh; content:"\#(Self.hassh.uppercased())";"#, kex))
        XCTAssertFalse(try fires("ssh", #"ssh.hassh; content:"00000000000000000000000000000000";"#, kex))
        XCTAssertTrue(try fires("ssh", #"ssh.hassh.string; content:"curve25519-sha256"; startswith; content:"|3b|none"; endswith;"#, kex))
        XCTAssertFalse(try fires("ssh", #"ssh.hassh.string; content:"diffie-hellman-group1-sha1";"#, kex))
        // The kex event repeats the banner; it is inspected once, on the version event.
        XCTAssertFalse(try fires("ssh", #"ssh.software; content:"libssh2_";"#, kex))
        XCTAssertFalse(try fires("tls", #"ssh.hassh; content:"\#(Self.hassh)";"#, kex))
    }

    func testClientVersionOfOtherProtocolsIsNoSSHBanner() throws {
        var adb = trapPayload(Array("CNXN".utf8), port: 5555)
        adb.protocol = "adb"
        adb.clientVersion = "SSH-2.0-fake"
        XCTAssertNil(InspectionInput.from(adb)?[.sshSoftware])
        XCTAssertFalse(try fires("tcp", #"ssh.software; content:"fake";"#, adb))
    }

    func testSSHBannerSplitIsBounded() {
        XCTAssertEqual(SSHBanner("SSH-2.0-OpenSSH_9.2p1 Debian-2")?.software, Array("OpenSSH_9.2p1".utf8))
        XCTAssertEqual(SSHBanner("SSH-1.99-Cisco-1.25")?.proto, Array("1.99".utf8))
        XCTAssertEqual(SSHBanner("SSH-1.99-Cisco-1.25")?.software, Array("Cisco-1.25".utf8))
        XCTAssertEqual(SSHBanner("SSH-2.0-x\r\n")?.software, [UInt8(ascii: "x")])
        XCTAssertNil(SSHBanner("SSH-"))
        XCTAssertNil(SSHBanner("SSH-2.0"))
        XCTAssertNil(SSHBanner("SSH--OpenSSH"))
        XCTAssertNil(SSHBanner("SSH-2.0- comment"))
        XCTAssertNil(SSHBanner("GET / HTTP/1.1"))
        let long = SSHBanner("SSH-2.0-" + String(repeating: "A", count: 100_000))
        XCTAssertEqual(long?.software.count, SSHBanner.maxLine - 8)
        XCTAssertEqual(SSHBanner("SSH-2.0-\u{0}\u{ff}é")?.software.count, 5)
    }

    // MARK: prefilter

    func testFastPatternsOnTheNewBuffersPrefilter() throws {
        let text = """
        alert tls any any -> any any (msg:"sni"; tls.sni; content:"evil.example"; sid:1;)
        alert tls any any -> any any (msg:"ja3"; ja3.hash; content:"\(Self.ja3Hash)"; sid:2;)
        alert dns any any -> any any (msg:"dns"; dns.query; content:"evil.example"; sid:3;)
        alert ssh any any -> any any (msg:"sw"; ssh.software; content:"libssh"; sid:4;)
        alert ssh any any -> any any (msg:"hassh"; ssh.hassh.string; content:"curve25519"; sid:5;)
        """
        let (rules, rejects) = RuleLoader.load(text: text)
        XCTAssertTrue(rejects.isEmpty, "\(rejects)")
        XCTAssertEqual(rules.map { $0.fastPattern?.buffer }, [.tlsSNI, .ja3Hash, .dnsQuery, .sshSoftware, .sshHasshString])
        let engine = IDSEngine(rules: rules)
        XCTAssertEqual(engine.prefilterStats.unfiltered, 0)
        let tls = try XCTUnwrap(InspectionInput.from(trapPayload(clientHello(sni: "evil.example"))))
        XCTAssertEqual(engine.candidateCount(tls), 1)
        XCTAssertEqual(engine.matchingRules(tls).map(\.sid), [1])
        let dns = try XCTUnwrap(InspectionInput.from(trapPayload(dnsQuery(["evil", "example"]), port: 53, transport: "udp")))
        XCTAssertEqual(engine.candidateCount(dns), 1)
        XCTAssertEqual(engine.matchingRules(dns).map(\.sid), [3])
        let other = try XCTUnwrap(InspectionInput.from(trapPayload(clientHello(sni: "benign.example"))))
        XCTAssertEqual(engine.candidateCount(other), 0)
        let kex = try XCTUnwrap(InspectionInput.from(sshEvent(.sshClientKex, hassh: Self.hassh, algorithms: Self.hasshAlgorithms)))
        XCTAssertEqual(engine.matchingRules(kex).map(\.sid), [5])
    }
}
