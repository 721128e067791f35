import XCTest
@testable import MitsuCore

final class MultiPatternMatcherTests: XCTestCase {
    /// The patterns a naive search finds (ASCII case ignored), against the matcher, over random patterns of
    /// every key length (one- and two-byte tables, three- and four-byte hashed keys, longer patterns verified
    /// past their key) in random texts of a small alphabet, so that patterns occur, overlap, start at the
    /// first byte and end at the last.
    func testFindsExactlyWhatANaiveSearchFinds() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("abAB\u{0}\u{FF}".utf8) + [0xC3, 0x80, 0x7F, 0x41]
        func word(_ n: Int) -> [UInt8] { (0..<n).map { _ in alphabet.randomElement(using: &rng)! } }
        func lower(_ b: [UInt8]) -> [UInt8] { b.map { MultiPatternMatcher.fold[Int($0)] } }
        for _ in 0..<300 {
            let patterns = (0..<Int.random(in: 1...12, using: &rng)).map { _ in word(Int.random(in: 1...7, using: &rng)) }
            let m = MultiPatternMatcher(patterns: patterns)
            var scratch: [UInt8] = []
            for _ in 0..<5 {
                let text = word(Int.random(in: 0...40, using: &rng))
                var found: [Int32] = []
                m.scan(text, scratch: &scratch) { found.append($0) }
                let t = lower(text)
                let expected = patterns.indices.filter { i in
                    let p = lower(patterns[i])
                    return t.count >= p.count && (0...(t.count - p.count)).contains { t[$0..<($0 + p.count)].elementsEqual(p) }
                }
                XCTAssertEqual(found.sorted(), expected.map(Int32.init), "patterns \(patterns) text \(text)")
                XCTAssertEqual(Set(found).count, found.count, "a pattern reported twice")
            }
        }
    }

    /// A text longer than the scratch buffer grows it; a shorter text after it reads only its own bytes.
    func testScratchIsReusedWithoutStaleBytes() {
        let m = MultiPatternMatcher(patterns: [Array("tail".utf8), Array("x".utf8)])
        var scratch: [UInt8] = []
        var found: [Int32] = []
        m.scan(Array("0123456789 TAIL".utf8), scratch: &scratch) { found.append($0) }
        XCTAssertEqual(found, [0])
        found = []
        m.scan(Array("ta".utf8), scratch: &scratch) { found.append($0) }
        XCTAssertEqual(found, [])
    }
}
