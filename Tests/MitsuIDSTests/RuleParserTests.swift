import XCTest
@testable import MitsuIDS

final class RuleParserTests: XCTestCase {
    func testBufferIndexIsThePositionInAllCases() {
        XCTAssertEqual(BufferKind.allCases.map(\.index), Array(0..<BufferKind.count))
        XCTAssertEqual(BufferKind.transformed, BufferKind.allCases.filter { $0.transformedFrom != nil })
    }

    func testHeaderVariablesListsNegationAndRanges() throws {
        var vars = RuleVariables()
        vars.addresses["HOME_NET"] = "[192.0.2.0/24,!192.0.2.99]"
        vars.addresses["EXTERNAL_NET"] = "!$HOME_NET"
        vars.ports["WEB"] = "[80,8000:8010]"
        let r = try RuleParser(variables: vars).parse(
            #"alert tcp $EXTERNAL_NET ![1:1023] -> $HOME_NET [$WEB,!8005] (msg:"x"; sid:5;)"#)
        XCTAssertTrue(r.destination.contains("192.0.2.1"))
        XCTAssertFalse(r.destination.contains("192.0.2.99"))
        XCTAssertFalse(r.destination.contains("198.51.100.1"))
        XCTAssertTrue(r.source.contains("198.51.100.1"))
        XCTAssertFalse(r.source.contains("192.0.2.1"))
        XCTAssertTrue(r.sourcePorts.contains(40000))
        XCTAssertFalse(r.sourcePorts.contains(22))
        XCTAssertTrue(r.destinationPorts.contains(8004))
        XCTAssertFalse(r.destinationPorts.contains(8005))
        XCTAssertFalse(r.destinationPorts.contains(443))
        XCTAssertFalse(r.bidirectional)
    }

    func testBidirectionalIPv6AndAppLayerProtocol() throws {
        let r = try rule(#"drop smb [2001:db8::/32,10.0.0.0/8] any <> any 445 (msg:"x"; sid:6;)"#)
        XCTAssertEqual(r.action, .drop)
        XCTAssertEqual(r.proto, "smb")
        XCTAssertTrue(r.bidirectional)
        XCTAssertTrue(r.source.contains("2001:db8::1"))
        XCTAssertTrue(r.source.contains("10.1.2.3"))
        XCTAssertFalse(r.source.contains("2001:db9::1"))
    }

    func testEscapingInContentAndMsg() throws {
        let r2 = try rule(#"alert tcp any any -> any any (msg:"semi\;colon \"q\""; content:"a\;b|3a 3B|\"\\"; sid:2;)"#)
        XCTAssertEqual(r2.msg, #"semi;colon "q""#)
        guard case .content(let c) = r2.programs.first?.items.first else { return XCTFail("no content") }
        XCTAssertEqual(c.bytes, Array(#"a;b:;"\"#.utf8))
    }

    func testEveryRejectHasItsReason() {
        let cases: [(String, String)] = [
            (#"alert tls any any -> any any (msg:"x"; tls.certs; content:"a"; sid:1;)"#, "unsupported keyword tls.certs"),
            (#"alert tls any any -> any any (msg:"x"; ja3.hash; content:"abc"; sid:1;)"#, "bad value for ja3.hash"),
            (#"alert foo any any -> any any (msg:"x"; sid:1;)"#, "unsupported protocol foo"),
            (#"alert tcp $NOPE any -> any any (msg:"x"; sid:1;)"#, "unknown variable NOPE"),
            (#"alert tcp any 70000 -> any any (msg:"x"; sid:1;)"#, "bad port"),
            (#"alert tcp 1.2.3.999 any -> any any (msg:"x"; sid:1;)"#, "bad address"),
            (#"alert tcp any any -> any any (msg:"x"; content:"a"; depth:abc; sid:1;)"#, "bad value for depth"),
            (#"alert tcp any any -> any any (msg:"x"; content:"a|4|"; sid:1;)"#, "bad value for content"),
            (#"alert tcp any any -> any any (msg:"x"; nocase; sid:1;)"#, "bad value for nocase"),
            (#"alert tcp any any -> any any (msg:"x"; content:"a";)"#, "missing sid"),
            (#"alert tcp any any -> any any msg:"x"; sid:1;"#, "syntax error"),
            (#"alert tcp any any -> any any (msg:"x"; pcre:"/a\Kb/"; sid:1;)"#, #"unsupported pcre \K"#),
            (#"alert tcp any any -> any any (msg:"x"; pcre:"/(a+)+b/"; sid:1;)"#, "unsupported pcre nested quantifier (catastrophic backtracking)"),
            (#"alert tcp any any -> any any (msg:"x"; pcre:"/(?:x\d*y)*z/"; sid:1;)"#, "unsupported pcre nested quantifier (catastrophic backtracking)"),
            (#"alert tcp any any -> any any (msg:"x"; flowbits:frob,a; sid:1;)"#, "bad value for flowbits"),
            (#"alert tcp any any -> any any (msg:"x"; threshold:type limit, count 1; sid:1;)"#, "bad value for threshold"),
        ]
        for (text, reason) in cases {
            XCTAssertThrowsError(try RuleParser().parse(text), text) { error in
                XCTAssertEqual((error as? RuleError)?.summary, reason, text)
            }
        }
    }

    func testLoaderJoinsContinuationLinesSkipsCommentsAndReportsDuplicates() {
        let text = """
        # comment
        alert tcp any any -> any any (msg:"one"; \\
            content:"x"; sid:10; rev:2;)

        alert tcp any any -> any any (msg:"dup"; sid:10;)
        alert tcp any any -> any any (msg:"bad"; frobnicate; sid:11;)
        """
        let (rules, rejects) = RuleLoader.load(text: text)
        XCTAssertEqual(rules.map(\.sid), [10])
        XCTAssertEqual(rules.first?.rev, 2)
        XCTAssertEqual(rejects.map(\.error.summary), ["duplicate sid", "unsupported keyword frobnicate"])
        XCTAssertEqual(rejects.map(\.line), [5, 6])
        XCTAssertEqual(rejects.last?.sid, 11)
    }

    func testMetadataReferencesAndCVEs() throws {
        let r = try ruleWith(#"reference:cve,2021-44228; reference:url,example.com; metadata:cve CVE_2021_45046, signature_severity Major; classtype:attempted-admin; priority:2; target:dest_ip;"#)
        XCTAssertEqual(r.cveIDs, ["CVE-2021-45046", "CVE-2021-44228"])
        XCTAssertEqual(r.references.count, 2)
        XCTAssertEqual(r.classtype, "attempted-admin")
        XCTAssertEqual(r.priority, 2)
        XCTAssertEqual(r.target, "dest_ip")
    }

    func testCVEsNamedOnlyInTheMessageCount() throws {
        // As ET Open writes them: the CVE in the message and nowhere else, or in both places (counted once).
        var r = try rule(#"alert http any any -> any any (msg:"ET EXPLOIT Apache Struts RCE (CVE-2017-5638) M2"; content:"x"; sid:7; rev:1;)"#)
        XCTAssertEqual(r.cveIDs, ["CVE-2017-5638"])
        r = try rule(#"alert http any any -> any any (msg:"ET EXPLOIT cve_2021_44228 and CVE-2021-45046 Attempt"; content:"x"; reference:cve,2021-44228; sid:8; rev:1;)"#)
        XCTAssertEqual(r.cveIDs, ["CVE-2021-44228", "CVE-2021-45046"])
        // Not CVE ids: a year that is not four digits, a number under four digits or running on, a word
        // that only ends in "cve", a truncated id at the end of the message.
        for msg in ["CVE-21-44228", "CVE-2021-123", "CVE-2021-12345678", "XCVE-2021-44228", "ends with CVE-2021-"] {
            r = try rule(#"alert http any any -> any any (msg:"\#(msg)"; content:"x"; sid:9; rev:1;)"#)
            XCTAssertEqual(r.cveIDs, [], msg)
        }
        XCTAssertEqual(Rule.cveIDs(inMessage: "CVE-2021-41773, CVE-2021-42013"), ["CVE-2021-41773", "CVE-2021-42013"])
    }

    func testLegacyModifiersMoveContentToTheirBuffer() throws {
        let r = try ruleWith(#"content:"GET"; http_method; content:"/x"; http_uri; content:"y"; "#)
        XCTAssertEqual(Set(r.programs.map(\.buffer)), [.httpMethod, .httpURI, .payload])
        XCTAssertEqual(r.fastPattern?.buffer, .httpMethod)  // longest, non-payload preferred
    }

    func testPCREFlagsSelectBufferAndRelative() throws {
        let r = try ruleWith(#"content:"a"; pcre:"/b.c/UsiR"; "#)
        XCTAssertEqual(r.programs.first(where: { $0.buffer == .httpURI })?.items.count, 1)
        guard case .pcre(let p) = r.programs.first(where: { $0.buffer == .httpURI })?.items.first else { return XCTFail() }
        XCTAssertTrue(p.relative)
    }

    func testRealETOpenSampleLoadsOrSaysWhy() {
        let (rules, rejects) = RuleLoader.load(files: [Fixture.path("et-open-sample.rules")])
        XCTAssertGreaterThanOrEqual(rules.count + rejects.count, 40)
        // Every rule in the sample that uses only supported keywords loads.
        let reasons = Set(rejects.map(\.error.summary))
        for reason in reasons {
            XCTAssertTrue(reason.hasPrefix("unsupported"), "unexpected reject reason: \(reason) — \(rejects.filter { $0.error.summary == reason })")
        }
        XCTAssertGreaterThan(rules.count, rejects.count * 2)
        XCTAssertEqual(rules.first { $0.sid == 2034747 }?.programs.map(\.buffer), [.dnsQueryDotPrefix])
        // The TLS, DNS and JA3 buffers of ET Open load, on their own buffers.
        XCTAssertEqual(rules.first { $0.sid == 2029107 }?.programs.map(\.buffer), [.dnsQuery])
        XCTAssertEqual(rules.first { $0.sid == 2025487 }?.fastPattern?.buffer, .tlsSNI)
        XCTAssertEqual(rules.first { $0.sid == 2028831 }?.programs.map(\.buffer), [.ja3Hash, .ja3String])
        // A known rule and its parts.
        let qnap = rules.first { $0.sid == 2019904 }
        XCTAssertEqual(qnap?.programs.map(\.buffer), [.httpURI, .httpHeader])
        XCTAssertEqual(qnap?.fastPattern?.bytes, [0x28, 0x29, 0x20, 0x7b])
        XCTAssertEqual(qnap?.cveIDs, ["CVE-2014-6271"])
    }

    func testHostileRuleTextIsBounded() {
        let long = "alert tcp any any -> any any (msg:\"" + String(repeating: "A", count: 70_000) + "\"; sid:1;)"
        XCTAssertEqual((try? RuleParser().parse(long)) == nil, true)
        let deep = "alert tcp " + String(repeating: "[", count: 50) + "1.2.3.4" + String(repeating: "]", count: 50) + " any -> any any (sid:1;)"
        XCTAssertThrowsError(try RuleParser().parse(deep))
        var vars = RuleVariables()
        vars.addresses["A"] = "$B"
        vars.addresses["B"] = "$A"
        XCTAssertThrowsError(try RuleParser(variables: vars).parse("alert tcp $A any -> any any (sid:1;)"))
    }
}
