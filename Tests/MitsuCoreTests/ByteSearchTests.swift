import MitsuCore
import XCTest

final class ByteSearchTests: XCTestCase {
    func naive(_ needle: [UInt8], _ hay: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty else { return from }
        guard needle.count <= hay.count else { return nil }
        for i in stride(from: from, through: hay.count - needle.count, by: 1) where Array(hay[i..<(i + needle.count)]) == needle { return i }
        return nil
    }

    /// Random short texts over a small alphabet (so near-misses are common) agree with a naive search.
    func testAgreesWithANaiveSearch() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let hay = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...3, using: &rng) }
            let needle = (0..<Int.random(in: 1...5, using: &rng)).map { _ in UInt8.random(in: 0...3, using: &rng) }
            let from = Int.random(in: 0...hay.count, using: &rng)
            XCTAssertEqual(ByteSearch.firstIndex(of: needle, in: hay, from: from), naive(needle, hay, from: from), "\(needle) in \(hay) from \(from)")
        }
    }

    func testEdges() {
        XCTAssertEqual(ByteSearch.firstIndex(of: [], in: [1, 2], from: 1), 1)
        XCTAssertNil(ByteSearch.firstIndex(of: [1, 2, 3], in: [1, 2]))
        XCTAssertNil(ByteSearch.firstIndex(of: [1], in: [1], from: 2), "from past the end")
        XCTAssertEqual(ByteSearch.firstIndex(of: [2, 3], in: [1, 2, 3]), 1, "at the very end")
        XCTAssertEqual(ByteSearch.firstIndex(of: [0], in: [5, 0, 0]), 1, "NUL bytes are ordinary bytes")
        XCTAssertTrue(ByteSearch.contains("sécret", in: "le sécret ici"))
        XCTAssertFalse(ByteSearch.contains("Secret", in: "secret"), "case matters")
        XCTAssertTrue(ByteSearch.contains(Array("ab".utf8), in: String(repeating: "a", count: 10_000) + "b"))
    }
}
