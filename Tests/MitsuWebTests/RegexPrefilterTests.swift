import Foundation
import XCTest
@testable import MitsuWeb

/// The regex prefilter (required literals, checked before a rule's regex runs) must never hide a match:
/// for every regex condition of the shipped rules and every corpus request (and upper-cased and
/// non-ASCII variants), a regex match implies the prefilter lets it through.
final class RegexPrefilterTests: XCTestCase {
    func lits(_ p: String) -> [String]? { RegexPrefilter.literals(p)?.map { String(decoding: $0, as: UTF8.self) } }

    func testRequiredLiteralsOfPatterns() {
        XCTAssertEqual(lits("/gponform/diag_form"), ["/gponform/diag_form"])
        XCTAssertEqual(lits("ab?c"), ["a"])
        XCTAssertEqual(lits("abc+d"), ["abc"])
        XCTAssertEqual(lits("x{0,3}yz"), ["yz"])
        XCTAssertEqual(lits("(cat|id|wget)\\s+-"), ["cat", "id", "wget"])
        XCTAssertEqual(lits("/\\.env$|/\\.git/"), ["/.env", "/.git/"])
        XCTAssertEqual(lits("(s=|/)index/\\\\?think"), ["index/"])
        XCTAssertEqual(lits("\\x41bc|def"), ["bc", "def"])
        XCTAssertEqual(lits("exec(ute)?\\s"), ["exec"])
        XCTAssertNil(lits("(?x) a b"), "extended mode: spaces are not literal")
        XCTAssertNil(lits("\\d+|abc"), "an alternative without a literal needs the regex")
        XCTAssertNil(lits("(ab)?c?"))
        XCTAssertNil(lits("[abc]+"))
    }

    /// Random patterns over the constructs the prefilter reads (groups, alternation, quantifiers, classes,
    /// escapes) against random texts: whenever ICU matches, the prefilter must have let the text through.
    func testRandomPatternsAgainstICU() throws {
        var rng = SplitMix(seed: 0x5EED)
        let pieces = ["a", "b", "c", "ab", "(", ")", "|", "?", "*", "+", "{1}", "{0,2}", "{2,}", "[ab]", "[^a]", "\\d", "\\.", ".",
                      "^", "$", "\\x41", "(?:", "\\n", "\\b", "B", "\\\\", "\\(", "-"]
        let letters = Array("abcAB.1(\\\n-")
        var compiled = 0
        for _ in 0..<3000 {
            let pattern = (0..<Int(rng.next() % 9 + 1)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive, .dotMatchesLineSeparators, .anchorsMatchLines]) else { continue }
            compiled += 1
            guard let p = RegexPrefilter.literals(pattern) else { continue }
            for _ in 0..<30 {
                let text = String((0..<Int(rng.next() % 14)).map { _ in letters[Int(rng.next() % UInt64(letters.count))] })
                let hit = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                XCTAssertTrue(!hit || WebRule.Condition.mayMatch(p, in: text), "pattern \(pattern) literals \(p.map { String(decoding: $0, as: UTF8.self) }) text \(text)")
            }
        }
        XCTAssertGreaterThan(compiled, 1000)
    }

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    func testThePrefilterNeverHidesAMatch() throws {
        let rules = try WebRuleSet.load(path: try WebRuleSet.builtInPath())
        var raws = try ClassifierCorpusTests.load("attacks").map(\.raw) + ClassifierCorpusTests.load("benign").map(\.raw)
        // Case and non-ASCII variants: the field texts differ from the lowercased literals only there.
        raws += raws.map { Array(String(decoding: $0, as: UTF8.self).uppercased().utf8) }
        raws += raws.prefix(40).map { Array(String(decoding: $0, as: UTF8.self).replacingOccurrences(of: "s", with: "ſ").utf8) }
        var checked = 0, skipped = 0, matched = 0
        for raw in raws {
            guard let r = ClassifierCorpusTests.parse(raw) else { continue }
            let v = RequestView(r)
            for rule in rules.rules {
                for c in rule.conditions where c.op == .regex {
                    guard let regex = c.regex, let prefilter = c.prefilter, let text = c.field.text(in: v) else { continue }
                    let hit = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                    let through = WebRule.Condition.mayMatch(prefilter, in: text)
                    XCTAssertTrue(!hit || through, "rule \(rule.id): the prefilter \(prefilter.map { String(decoding: $0, as: UTF8.self) }) hides a match")
                    checked += 1
                    if hit { matched += 1 }
                    if !through { skipped += 1 }
                }
            }
        }
        XCTAssertGreaterThan(matched, 300)
        // What the prefilter is for: most regex evaluations are skipped.
        XCTAssertGreaterThan(Double(skipped) / Double(checked), 0.5, "\(skipped) of \(checked) skipped")
    }
}
