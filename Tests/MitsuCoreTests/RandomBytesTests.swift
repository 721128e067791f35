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
}
