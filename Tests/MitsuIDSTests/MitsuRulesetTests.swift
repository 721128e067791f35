import XCTest
import MitsuCore
@testable import MitsuIDS

/// Sources/MitsuIDS/Ruleset/mitsu.rules: every rule loads, fires on its sample and on nothing in the benign corpus.
final class MitsuRulesetTests: XCTestCase {
    func loadRuleset() throws -> [Rule] {
        let path = Fixture.repo.appendingPathComponent("Sources/MitsuIDS/Ruleset/mitsu.rules").path
        let (rules, rejects) = RuleLoader.load(files: [path])
        XCTAssertTrue(rejects.isEmpty, "\(rejects)")
        XCTAssertGreaterThanOrEqual(rules.count, 40)
        for r in rules { XCTAssertTrue((9_100_000..<9_200_000).contains(r.sid), "sid \(r.sid) outside Mitsu's range") }
        return rules
    }

    func testEveryRuleFiresOnItsSample() throws {
        let rules = try loadRuleset()
        let engine = IDSEngine(rules: rules)
        var covered = Set<Int>()
        for e in try Fixture.events("mitsu-samples.jsonl") {
            let expected = try XCTUnwrap(e.message.flatMap { Int($0.dropFirst("expect ".count)) })
            let sids = engine.inspect(e).compactMap { $0.alert?.signatureID }
            XCTAssertTrue(sids.contains(expected), "sample for \(expected) fired \(sids): \(e.http?.uri ?? e.input ?? e.clientVersion ?? "payload")")
            covered.insert(expected)
        }
        let missing = Set(rules.map(\.sid)).subtracting(covered)
        XCTAssertTrue(missing.isEmpty, "rules without a sample: \(missing.sorted())")
    }

    func testNoRuleFiresOnTheBenignCorpus() throws {
        let engine = IDSEngine(rules: try loadRuleset())
        let benign = try Fixture.events("benign.jsonl")
        XCTAssertGreaterThanOrEqual(benign.count, 30)
        for e in benign {
            let alerts = engine.inspect(e)
            XCTAssertTrue(alerts.isEmpty, "benign \(e.http?.uri ?? e.input ?? e.clientVersion ?? "payload") fired \(alerts.compactMap { $0.alert?.signature })")
        }
    }

    func testCVEsAndCategoriesReachTheAlert() throws {
        let engine = IDSEngine(rules: try loadRuleset())
        let sample = try XCTUnwrap(Fixture.events("mitsu-samples.jsonl").first { $0.message == "expect 9100005" })
        let alert = try XCTUnwrap(engine.inspect(sample).first?.alert)
        XCTAssertEqual(alert.cveIDs, ["CVE-2017-9841"])
        XCTAssertEqual(alert.category, "Web Application Attack")
        XCTAssertEqual(alert.severity, 1)
    }
}
