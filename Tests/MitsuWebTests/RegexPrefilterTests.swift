import Foundation
import MitsuCore
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
        var rng = SplitMix64(seed: 0x5EED)
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

    func testThePrefilterNeverHidesAMatch() throws {
        let rules = try WebRuleSet.load(path: try WebRuleSet.builtInPath())
        let raws = try ClassifierCorpusTests.requestsWithVariants(nonASCII: 40)
        var checked = 0, skipped = 0, matched = 0
        for raw in raws {
            guard let r = ClassifierCorpusTests.parse(raw) else { continue }
            let v = RequestView(r)
            for rule in rules.rules {
                for c in rule.conditions where c.op == .regex {
                    guard let regex = c.regex, let prefilter = c.prefilter, let text = c.field.text(in: v) else { continue }
                    let hit = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                    let through = WebRule.Condition.mayMatch(prefilter, in: text) && (c.sequence?.mayMatch(text) ?? true)
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

    func testLiteralSequencesOfPatterns() {
        let cmd = LiteralSequence.of("(;|\\||&&|`|\\$\\(|\\n)\\s*(cat|id|python\\d?|cmd\\.exe)(\\s|;|$)")
        XCTAssertEqual(cmd?.firsts.map { String(decoding: $0, as: UTF8.self) }, [";", "|", "&&", "`", "$(", "\n"])
        XCTAssertEqual(cmd?.seconds.map { String(decoding: $0, as: UTF8.self) }, ["cat", "id", "python", "cmd.exe"])
        XCTAssertEqual(LiteralSequence.of("x(?:ab|c)(de)")?.seconds, [Array("de".utf8)], "no whitespace between is fine")
        XCTAssertNil(LiteralSequence.of("(a|b)\\s*(c)|d"), "two top-level alternatives")
        XCTAssertNil(LiteralSequence.of("(a|b)?\\s*(c)"), "optional first group")
        XCTAssertNil(LiteralSequence.of("(a|b)\\s*(c)?"), "optional second group")
        XCTAssertNil(LiteralSequence.of("(a|b+)\\s*(c)"), "a first alternative that is not an exact literal")
        XCTAssertNil(LiteralSequence.of("(a|b)\\s*(c|\\d)"), "a second alternative without a literal prefix")
        XCTAssertNil(LiteralSequence.of("(a)\\S(c)"), "only \\s may stand between")
        XCTAssertNil(LiteralSequence.of("(a)(?=x)(c)"), "a lookaround between")
        XCTAssertNil(LiteralSequence.of("(?x)(a) (c)"), "extended mode")
        let seq = LiteralSequence(firsts: [Array(";".utf8)], seconds: [Array("cat".utf8), Array(" x".utf8)])
        XCTAssertTrue(seq.mayMatch("a; \t CAT"))
        XCTAssertFalse(seq.mayMatch("x11; linux; application/xml"))
        XCTAssertTrue(seq.mayMatch(";  x"), "a second literal starting with a space may take one back")
        XCTAssertTrue(seq.mayMatch("ſ"), "non-ASCII text always may match")
    }

    /// Random `(A)\s*(B)…` patterns against ICU: whenever the regex matches, the sequence check lets the
    /// text through.
    func testRandomSequencePatternsAgainstICU() throws {
        var rng = SplitMix64(seed: 0x5E0)
        let atoms = ["a", "b", ";", "ab", "b;", "\\n", "\\|", " a", "a?", "b+", "\\d", "[ab]"]
        let between = ["", "\\s*", "\\s+", "\\s?", "\\s*\\s*", "\\s{0,2}"]
        let tails = ["", "a", "(\\s|$)", "b*", "[a;]"]
        let letters = Array("ab; \t\nAB1")
        var withSequence = 0
        for _ in 0..<2000 {
            func group() -> String {
                "(" + (0..<Int(rng.next() % 3 + 1)).map { _ in atoms[Int(rng.next() % UInt64(atoms.count))] }.joined(separator: "|") + ")"
            }
            let pattern = (rng.next() % 2 == 0 ? "" : "a") + group() + between[Int(rng.next() % UInt64(between.count))] + group()
                + tails[Int(rng.next() % UInt64(tails.count))]
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive, .dotMatchesLineSeparators, .anchorsMatchLines]),
                  let seq = LiteralSequence.of(pattern) else { continue }
            withSequence += 1
            for _ in 0..<40 {
                let text = String((0..<Int(rng.next() % 12)).map { _ in letters[Int(rng.next() % UInt64(letters.count))] })
                let hit = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                XCTAssertTrue(!hit || seq.mayMatch(text), "pattern \(pattern) text \(text.debugDescription)")
            }
        }
        XCTAssertGreaterThan(withSequence, 300)
    }
}
