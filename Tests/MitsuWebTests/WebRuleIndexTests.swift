import Foundation
import XCTest
@testable import MitsuWeb

/// The rule index (one multi-pattern scan per field picks the rules worth evaluating) must find exactly
/// what evaluating every rule finds, and must actually skip most rules.
final class WebRuleIndexTests: XCTestCase {
    func testTheIndexAgreesWithEvaluatingEveryRule() throws {
        let classifier = WebClassifier(rules: try WebRuleSet.load(path: try WebRuleSet.builtInPath()))
        let raws = try ClassifierCorpusTests.requestsWithVariants(nonASCII: 60)
        var requests = 0, matched = 0, evaluated = 0
        for raw in raws {
            guard let r = ClassifierCorpusTests.parse(raw) else { continue }
            let view = RequestView(r)
            let indexed = classifier.matchingRules(view).map(\.id)
            XCTAssertEqual(indexed, classifier.matchingRulesExhaustively(view).map(\.id), String(decoding: raw.prefix(120), as: UTF8.self))
            requests += 1
            matched += indexed.count
            evaluated += classifier.index.candidates(view).count
        }
        XCTAssertGreaterThan(requests, 650)
        XCTAssertGreaterThan(matched, 500)
        // What it is for: on average a request evaluates under a fifth of the rules.
        XCTAssertLessThan(Double(evaluated) / Double(requests), Double(classifier.rules.rules.count) / 5, "\(evaluated) candidates over \(requests) requests")
    }

    /// Each kind of anchor, on a small rules file: a rule is skipped only when its anchor's literal is absent.
    func testAnchorsOfEveryOperator() throws {
        let rules = try WebRuleSet.parse("""
        rule c sqli
          uri contains union select
        rule any xss
          query contains-any <script|onerror=
        rule p recon
          path prefix /.git
        rule s recon
          path suffix .bak
        rule e recon
          method equals propfind
        rule r lfi
          uri regex \\.\\./\\.\\./etc/passwd
        rule h scanner
          header:user-agent exists
        rule n scanner
          ua !contains mozilla
        """, file: "t.rules")
        let classifier = WebClassifier(rules: rules)
        func ids(_ raw: String) -> [String] {
            classifier.matchingRules(RequestView(ClassifierCorpusTests.parse(Array(raw.utf8))!)).map(\.id)
        }
        XCTAssertEqual(classifier.index.unanchored.count, 2, "exists and !contains name no literal")
        XCTAssertEqual(ids("GET /?q=1%20UNION%20SELECT HTTP/1.1\r\nHost: a\r\nUser-Agent: Mozilla\r\n\r\n"), ["c", "h"])
        XCTAssertEqual(ids("GET /a?x=%3CScRiPt%3E HTTP/1.1\r\nHost: a\r\n\r\n"), ["any", "n"])
        XCTAssertEqual(ids("GET /.git/config HTTP/1.1\r\nHost: a\r\n\r\n"), ["p", "n"])
        XCTAssertEqual(ids("GET /site.BAK HTTP/1.1\r\nHost: a\r\n\r\n"), ["s", "n"])
        XCTAssertEqual(ids("PROPFIND / HTTP/1.1\r\nHost: a\r\n\r\n"), ["e", "n"])
        XCTAssertEqual(ids("GET /x/../../etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n"), ["r", "n"])
        XCTAssertEqual(ids("GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: curl\r\n\r\n"), ["h", "n"])
    }
}
