import XCTest
import MitsuCore
@testable import MitsuIDS

/// The content-verdict cache: a repeated input skips the matching, and nothing that depends on the event
/// rather than its bytes (header, address-picked rules, flowbits, thresholds) is taken from it.
final class ContentVerdictCacheTests: XCTestCase {
    /// The shipped ruleset and the ET Open sample over every sample and benign event, each inspected twice:
    /// the cached engine answers the second pass from the cache and fires exactly what full matching fires.
    func testRepeatsAreAnsweredFromTheCacheAndAgreeWithFullMatching() throws {
        let files = [Fixture.repo.appendingPathComponent("Sources/MitsuIDS/Ruleset/mitsu.rules").path,
                     Fixture.path("et-open-sample.rules")]
        let (rules, _) = RuleLoader.load(files: files)
        let events = try Fixture.events("mitsu-samples.jsonl") + Fixture.events("benign.jsonl")
        let full = IDSEngine(rules: rules, verdictCacheEntries: 0)
        let cached = IDSEngine(rules: rules, verdictCacheEntries: 4096)
        var inspectable = 0
        var alerts = 0
        for pass in 0..<2 {
            for e in events {
                if pass == 0, InspectionInput.from(e) != nil { inspectable += 1 }
                let want = full.inspect(e).map { EventCodec.encodeString($0) }
                let got = cached.inspect(e).map { EventCodec.encodeString($0) }
                XCTAssertEqual(got, want, "pass \(pass): \(e.message ?? e.http?.uri ?? "event")")
                alerts += want.count
            }
        }
        XCTAssertGreaterThan(alerts, 50)
        XCTAssertEqual(full.verdictCacheStats.hits, 0)
        XCTAssertGreaterThanOrEqual(cached.verdictCacheStats.hits, inspectable, "every second inspection is a hit")
        XCTAssertGreaterThan(cached.payloadCacheStats.hits, 0, "the samples' payload events repeat in the second pass")
        XCTAssertEqual(full.payloadCacheStats.entries, 0)
    }

    /// Same bytes, different connections: protocol, addresses and ports are checked per event on a hit.
    func testHeaderIsDecidedPerEventOnAHit() throws {
        let engine = IDSEngine(rules: [try rule(#"alert tcp 198.51.100.0/24 any -> any 80 (msg:"t"; content:"wget"; sid:7; rev:1;)"#)])
        func fires(src: String, port: Int, transport: String = "tcp") -> Bool {
            var i = payloadInput("cd /tmp; wget http://x/y")
            i.srcIP = src
            i.destPort = port
            i.transport = transport
            return !engine.matchingRules(i).isEmpty
        }
        XCTAssertTrue(fires(src: "198.51.100.1", port: 80))
        XCTAssertFalse(fires(src: "203.0.113.5", port: 80))
        XCTAssertFalse(fires(src: "198.51.100.1", port: 8080))
        XCTAssertFalse(fires(src: "198.51.100.1", port: 80, transport: "udp"))
        XCTAssertTrue(fires(src: "198.51.100.9", port: 80))
        XCTAssertEqual(engine.verdictCacheStats.hits, 4)
        XCTAssertEqual(engine.verdictCacheStats.entries, 1)
    }

    /// The header is checked before the content: a rule for another port never runs its pcre, and its
    /// verdict stays unknown until an input with these bytes reaches it.
    func testContentRunsOnlyAfterTheHeaderPasses() throws {
        let engine = IDSEngine(rules: [try rule(#"alert tcp any any -> any 80 (msg:"t"; content:"wget"; pcre:"/wget\s+http/"; sid:7; rev:1;)"#)])
        var input = payloadInput("wget http://x/y")
        input.destPort = 8080
        XCTAssertTrue(engine.matchingRules(input).isEmpty)
        let key = try XCTUnwrap(engine.verdicts.key(input))
        XCTAssertEqual(engine.verdicts.verdicts(for: key)?.passes, [ContentVerdicts.unknown])
        input.destPort = 80
        XCTAssertEqual(engine.matchingRules(input).map(\.sid), [7])
        XCTAssertEqual(engine.verdicts.verdicts(for: key)?.passes, [ContentVerdicts.pass])
    }

    /// A rule picked by address (no content) that sets a flowbit and a content rule that tests it fire on
    /// the same event, on a miss and on a hit, and only for the listed source.
    func testAddressPickedRulesJoinCachedOnesInRuleOrder() throws {
        let (rules, _) = RuleLoader.load(text: """
        alert tcp any any -> any any (msg:"needs seen"; content:"x"; flowbits:isset,seen; sid:2; rev:1;)
        alert ip [198.51.100.7] any -> any any (msg:"listed"; flowbits:set,seen; sid:1; rev:1;)
        """)
        let engine = IDSEngine(rules: rules)
        func sids(_ src: String, flow: String) -> [Int] {
            var i = payloadInput(Array("x".utf8), flow: flow)
            i.srcIP = src
            return engine.matchingRules(i).map(\.sid)
        }
        XCTAssertEqual(sids("198.51.100.7", flow: "a"), [1, 2])
        XCTAssertEqual(sids("198.51.100.8", flow: "b"), [])
        XCTAssertEqual(sids("198.51.100.7", flow: "c"), [1, 2])
        XCTAssertEqual(engine.verdictCacheStats.hits, 2)
    }

    /// Stateful options still count every event on hits.
    func testThresholdsCountHits() throws {
        let engine = IDSEngine(rules: [try ruleWith(#"content:"x"; threshold:type limit, track by_src, count 2, seconds 60;"#)])
        let fired = (0..<4).map { engine.matchingRules(payloadInput(Array("x".utf8), time: Int64($0))).count }
        XCTAssertEqual(fired, [1, 1, 0, 0])
        XCTAssertEqual(engine.verdictCacheStats.hits, 3)
    }

    func testBoundedBySizeAndCount() throws {
        let engine = IDSEngine(rules: [try ruleWith(#"content:"x";"#)], verdictCacheEntries: 8)
        XCTAssertEqual(engine.matchingRules(payloadInput([UInt8](repeating: UInt8(ascii: "x"), count: 5000))).count, 1)
        XCTAssertEqual(engine.verdictCacheStats.entries, 0, "an input over 4 KiB is not remembered")
        for n in 0..<50 { XCTAssertEqual(engine.matchingRules(payloadInput("x \(n)")).count, 1) }
        XCTAssertEqual(engine.verdictCacheStats.entries, 8)
        XCTAssertEqual(engine.verdictCacheStats.hits, 0)
    }

    /// The same bytes in another buffer, or split differently between two buffers, are another input.
    func testKeysTellBuffersApart() {
        let cache = ContentVerdictCache(capacity: 4)
        var a = InspectionInput(flowKey: "f")
        a[.payload] = Array("GET /".utf8)
        var b = InspectionInput(flowKey: "f")
        b[.httpURI] = Array("GET /".utf8)
        var c = InspectionInput(flowKey: "f")
        c[.payload] = Array("GET".utf8)
        c[.httpURI] = Array(" /".utf8)
        var d = InspectionInput(flowKey: "f")
        d[.payload] = Array("GE".utf8)
        d[.httpURI] = Array("T /".utf8)
        let keys = [a, b, c, d].compactMap(cache.key)
        XCTAssertEqual(keys.count, 4)
        XCTAssertEqual(Set(keys).count, 4)
        var a2 = InspectionInput(flowKey: "other", timeMillis: 5)
        a2[.payload] = Array("GET /".utf8)
        a2.srcIP = "203.0.113.1"
        XCTAssertEqual(cache.key(a2), cache.key(a), "only the buffers make the key")
        XCTAssertNil(ContentVerdictCache(capacity: 0).key(a))
    }
}
