import XCTest
import MitsuCore
@testable import MitsuIDS

final class EngineTests: XCTestCase {
    func testFlowbitsPerSession() throws {
        let (rules, rejects) = RuleLoader.load(text: """
        alert tcp any any -> any any (msg:"login seen"; content:"USER"; flowbits:set,logged; flowbits:noalert; sid:1;)
        alert tcp any any -> any any (msg:"after login"; content:"RETR"; flowbits:isset,logged; sid:2;)
        alert tcp any any -> any any (msg:"without login"; content:"RETR"; flowbits:isnotset,logged; sid:3;)
        alert tcp any any -> any any (msg:"logout"; content:"QUIT"; flowbits:unset,logged; noalert; sid:4;)
        """)
        XCTAssertTrue(rejects.isEmpty, "\(rejects)")
        let engine = IDSEngine(rules: rules)
        XCTAssertEqual(engine.matchingRules(payloadInput(Array("RETR a".utf8), flow: "s1")).map(\.sid), [3])
        XCTAssertEqual(engine.matchingRules(payloadInput(Array("USER bob".utf8), flow: "s1")).map(\.sid), [])
        XCTAssertEqual(engine.matchingRules(payloadInput(Array("RETR a".utf8), flow: "s1")).map(\.sid), [2])
        // Another session has its own bits.
        XCTAssertEqual(engine.matchingRules(payloadInput(Array("RETR a".utf8), flow: "s2")).map(\.sid), [3])
        _ = engine.matchingRules(payloadInput(Array("QUIT".utf8), flow: "s1"))
        XCTAssertEqual(engine.matchingRules(payloadInput(Array("RETR a".utf8), flow: "s1")).map(\.sid), [3])
        // Set and test in the same event: setters run first.
        XCTAssertEqual(engine.matchingRules(payloadInput(Array("USER x RETR".utf8), flow: "s3")).map(\.sid), [2])
    }

    func testThresholdLimitPerSourceWithinWindow() throws {
        let engine = IDSEngine(rules: [try ruleWith(#"content:"x"; threshold:type limit, track by_src, count 2, seconds 60;"#)])
        func hit(_ src: String, _ t: Int64) -> Int {
            var i = payloadInput(Array("x".utf8), time: t)
            i.srcIP = src
            return engine.matchingRules(i).count
        }
        XCTAssertEqual([hit("198.51.100.1", 0), hit("198.51.100.1", 1000), hit("198.51.100.1", 2000)], [1, 1, 0])
        XCTAssertEqual(hit("198.51.100.2", 3000), 1)
        XCTAssertEqual(hit("198.51.100.1", 61_000), 1)  // new window
    }

    func testThresholdTypeThresholdAndDetectionFilter() throws {
        let every3 = IDSEngine(rules: [try ruleWith(#"content:"x"; threshold:type threshold, track by_dst, count 3, seconds 10;"#)])
        let fired = (0..<6).map { every3.matchingRules(payloadInput(Array("x".utf8), time: Int64($0) * 100)).count }
        XCTAssertEqual(fired, [0, 0, 1, 0, 0, 1])
        let after2 = IDSEngine(rules: [try ruleWith(#"content:"x"; detection_filter:track by_src, count 2, seconds 10;"#)])
        let fired2 = (0..<4).map { after2.matchingRules(payloadInput(Array("x".utf8), time: Int64($0) * 100)).count }
        XCTAssertEqual(fired2, [0, 0, 1, 1])
        let both = IDSEngine(rules: [try ruleWith(#"content:"x"; threshold:type both, track by_src, count 2, seconds 10;"#)])
        let fired3 = (0..<4).map { both.matchingRules(payloadInput(Array("x".utf8), time: Int64($0) * 100)).count }
        XCTAssertEqual(fired3, [0, 1, 0, 0])
    }

    func testAlertEventCarriesRuleAndTriggerFields() throws {
        let r = try rule(#"alert http any any -> any any (msg:"MITSU T"; http.uri; content:"/boom"; classtype:web-application-attack; reference:cve,2017-9841; sid:9100999; rev:3;)"#)
        var e = httpEvent(uri: "/boom")
        e.sensor = "s1"
        let alerts = IDSEngine(rules: [r]).inspect(e)
        XCTAssertEqual(alerts.count, 1)
        let a = try XCTUnwrap(alerts.first)
        XCTAssertEqual(a.kind, .idsAlert)
        XCTAssertEqual(a.session, e.session)
        XCTAssertEqual(a.srcIP, "203.0.113.9")
        XCTAssertEqual(a.destPort, 80)
        XCTAssertEqual(a.honeypot, "web")
        XCTAssertEqual(a.sensor, "s1")
        XCTAssertEqual(a.alert, AlertInfo(signatureID: 9100999, signature: "MITSU T", category: "Web Application Attack", severity: 1,
                                          cveIDs: ["CVE-2017-9841"], rev: 3))
        // Round trip through the event codec keeps rev.
        XCTAssertEqual(try EventCodec.decode(EventCodec.encode(a)).alert?.rev, 3)
        // An alert is never inspected again.
        XCTAssertTrue(IDSEngine(rules: [r]).inspect(a).isEmpty)
    }

    func testAddressesAndPortsFromEvent() throws {
        let e = httpEvent(uri: "/x")
        XCTAssertEqual(IDSEngine(rules: [try rule(#"alert http 203.0.113.0/24 any -> any 80 (msg:"a"; content:"/x"; sid:1;)"#)]).inspect(e).count, 1)
        XCTAssertEqual(IDSEngine(rules: [try rule(#"alert http !203.0.113.0/24 any -> any 80 (msg:"a"; content:"/x"; sid:1;)"#)]).inspect(e).count, 0)
        XCTAssertEqual(IDSEngine(rules: [try rule(#"alert http any any -> any !80 (msg:"a"; content:"/x"; sid:1;)"#)]).inspect(e).count, 0)
        XCTAssertEqual(IDSEngine(rules: [try rule(#"alert http any 80 <> 203.0.113.9 any (msg:"a"; content:"/x"; sid:1;)"#)]).inspect(e).count, 1)
    }

    func testClassificationConfigShippedMatchesBuiltIn() throws {
        let shipped = try ClassificationTable.load(path: Fixture.repo.appendingPathComponent("Sources/MitsuIDS/Ruleset/classification.config").path)
        XCTAssertEqual(shipped.entries, ClassificationTable.suricataDefaults.entries)
        XCTAssertEqual(shipped["trojan-activity"]?.priority, 1)
        XCTAssertEqual(shipped["misc-activity"]?.description, "Misc activity")
        let (t, errors) = ClassificationTable.parse("config classification: a,B c,2\nbogus\nconfig classification: x,y,zz\n")
        XCTAssertEqual(t["a"]?.priority, 2)
        XCTAssertEqual(errors.count, 2)
    }

    func testPrefilterFindsEveryPatternAndOnlyThose() {
        let patterns: [[UInt8]] = ["a", "ab", "abc", "abcd", "abcde", "xyz", "ZZZZZ"].map { Array($0.utf8) }
        let m = MultiPatternMatcher(patterns: patterns)
        var scratch: [UInt8] = []
        var found = Set<Int32>()
        m.scan(Array("..ABCDe..zzzzz".utf8), scratch: &scratch) { found.insert($0) }
        XCTAssertEqual(found, [0, 1, 2, 3, 4, 6])
        found = []
        m.scan(Array("xy".utf8), scratch: &scratch) { found.insert($0) }
        XCTAssertEqual(found, [])
    }

    func testConcurrentInspectionIsSafe() throws {
        let engine = IDSEngine(rules: [try ruleWith(#"content:"x"; flowbits:set,b;"#)])
        DispatchQueue.concurrentPerform(iterations: 200) { i in
            XCTAssertEqual(engine.matchingRules(payloadInput(Array("x".utf8), flow: "f\(i % 7)")).count, 1)
        }
    }
}

final class AddressIndexTests: XCTestCase {
    /// Reputation-list rules (no content) are found through the address index, and only for listed hosts.
    func testReputationListRulesFireOnlyForListedAddresses() throws {
        let (rules, _) = RuleLoader.load(text: """
        alert ip [198.51.100.7,203.0.113.0/24,10.0.0.0/8,2001:db8::/32] any -> $HOME_NET any (msg:"rep"; sid:1;)
        alert ip $HOME_NET any -> [192.0.2.99] any (msg:"outbound"; sid:2;)
        """)
        let engine = IDSEngine(rules: rules)
        func sids(_ src: String, _ dst: String = "192.0.2.10") -> [Int] {
            var i = payloadInput("x")
            i.srcIP = src
            i.destIP = dst
            return engine.matchingRules(i).map(\.sid)
        }
        XCTAssertEqual(sids("198.51.100.7"), [1])
        XCTAssertEqual(sids("203.0.113.200"), [1])
        XCTAssertEqual(sids("10.9.8.7"), [1])
        XCTAssertEqual(sids("2001:db8:1::5"), [1])
        XCTAssertEqual(sids("198.51.100.8"), [])
        XCTAssertEqual(sids("198.51.100.8", "192.0.2.99"), [2])
        XCTAssertEqual(engine.prefilterStats.unfiltered, 0)
    }
}
