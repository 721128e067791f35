import MitsuCore
import XCTest

final class RandomBytesTests: XCTestCase {
    /// Counts its calls and returns 0x0807060504030201, 0x100f0e0d0c0b0a09, … so order is checkable.
    private struct Counting: RandomNumberGenerator {
        var calls = 0
        mutating func next() -> UInt64 {
            let base = UInt64(calls * 8)
            calls += 1
            var word: UInt64 = 0
            for k in 0..<8 { word |= (base + UInt64(k) + 1) << UInt64(8 * k) }
            return word
        }
    }

    func testEightBytesPerCallInOrder() {
        var g = Counting()
        XCTAssertEqual(g.bytes(0), [])
        XCTAssertEqual(g.calls, 0)
        XCTAssertEqual(g.bytes(3), [1, 2, 3])
        XCTAssertEqual(g.calls, 1)
        g = Counting()
        XCTAssertEqual(g.bytes(19), Array(1...19))
        XCTAssertEqual(g.calls, 3, "19 bytes take three words, not nineteen")
    }

    func testSystemGeneratorGivesTheCountAsked() {
        var g = SystemRandomNumberGenerator()
        for n in [1, 8, 9, 16, 64] { XCTAssertEqual(g.bytes(n).count, n) }
        XCTAssertNotEqual(g.bytes(32), g.bytes(32))
    }

    func testPoolGivesTheCountAskedAcrossRefillsAndLargeRequests() {
        let pool = RandomPool()
        for n in [0, 1, 15, 16, 63, 64, 65, 255, 256, 257, 1000] { XCTAssertEqual(pool.bytes(n).count, n, "\(n)") }
        // 1,000 cookies span many refills of the 256-byte pool: none repeats.
        let cookies = (0..<1000).map { _ in pool.bytes(16) }
        XCTAssertEqual(Set(cookies).count, cookies.count)
    }

    /// The pool zeroes what it has handed out: if a refill were skipped or a slice handed out twice, the
    /// zeros (or repeats) would show. 64 KiB of uniform bytes holds ~256 of each value.
    func testPoolBytesLookUniform() {
        let pool = RandomPool()
        var counts = [Int](repeating: 0, count: 256)
        var total = 0
        for n in [3, 16, 20, 7, 64, 300] {
            for _ in 0..<(65536 / 410) {
                for b in pool.bytes(n) { counts[Int(b)] += 1 }
                total += n
            }
        }
        let expected = Double(total) / 256
        XCTAssertLessThan(Double(counts[0]), expected * 1.5, "too many zero bytes")
        XCTAssertGreaterThan(counts.min() ?? 0, Int(expected * 0.5))
        XCTAssertLessThan(Double(counts.max() ?? 0), expected * 1.5)
    }

    func testPooledGeneratorCoversRangesAndVaries() {
        var g = PooledRandomNumberGenerator()
        let delays = (0..<2000).map { _ in Int.random(in: 5...9, using: &g) }
        XCTAssertEqual(Set(delays), Set(5...9), "every delay of the range comes up")
        XCTAssertNotEqual((0..<8).map { _ in g.next() }, (0..<8).map { _ in g.next() })
    }
}
