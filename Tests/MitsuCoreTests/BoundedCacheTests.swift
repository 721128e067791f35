import XCTest
@testable import MitsuCore

final class BoundedCacheTests: XCTestCase {
    func testStoresLooksUpAndCountsHits() {
        let cache = BoundedCache<String, Int>(capacity: 3)
        XCTAssertNil(cache.value(for: "a"))
        cache.store(1, for: "a")
        XCTAssertEqual(cache.value(for: "a"), 1)
        XCTAssertEqual(cache.value(for: "a", countingHit: false), 1)
        XCTAssertEqual(cache.hitCount, 1, "a miss and an uncounted look are not hits")
        cache.update("a") { $0 += 10 }
        cache.update("zz") { $0 += 10 }
        XCTAssertEqual(cache.value(for: "a"), 11)
        XCTAssertNil(cache.value(for: "zz"), "update never inserts")
        cache.store(2, for: "a")
        XCTAssertEqual(cache.count, 1, "storing a known key replaces its value")
        XCTAssertEqual(cache.value(for: "a"), 2)
    }

    func testNeverHoldsMoreThanItsCapacity() {
        let cache = BoundedCache<Int, Int>(capacity: 8)
        for n in 0..<1000 {
            cache.store(n * 2, for: n)
            XCTAssertLessThanOrEqual(cache.count, 8)
            XCTAssertEqual(cache.value(for: n), n * 2, "the newest entry is always kept")
        }
        let kept = (0..<1000).compactMap { cache.value(for: $0) }
        XCTAssertEqual(kept.count, 8)
        XCTAssertEqual(BoundedCache<Int, Int>(capacity: 0).count, 0)
        let none = BoundedCache<Int, Int>(capacity: 0)
        none.store(1, for: 1)
        XCTAssertNil(none.value(for: 1))
    }

    func testConcurrentUseKeepsTheBound() {
        let cache = BoundedCache<Int, [Int]>(capacity: 32)
        DispatchQueue.concurrentPerform(iterations: 4) { t in
            for n in 0..<5000 {
                let k = (n * 7 + t) % 100
                if let v = cache.value(for: k) { XCTAssertEqual(v, [k]) } else { cache.store([k], for: k) }
            }
        }
        XCTAssertLessThanOrEqual(cache.count, 32)
        XCTAssertGreaterThan(cache.hitCount, 0)
    }

    func testPrehashedKeysCompareContentNotOnlyHash() {
        XCTAssertEqual(PrehashedKey(bytes: []), PrehashedKey(bytes: []))
        XCTAssertEqual(PrehashedKey(bytes: [1, 2]), PrehashedKey(bytes: [1, 2]))
        XCTAssertNotEqual(PrehashedKey(bytes: [1, 2]), PrehashedKey(bytes: [1, 3]))
        XCTAssertNotEqual(PrehashedKey(bytes: [1]), PrehashedKey(bytes: [1, 0]))
        // Equal hashes (forced here) with different content are still different keys.
        XCTAssertNotEqual(PrehashedKey([1, 2] as [UInt8], hash: 7), PrehashedKey([2, 1] as [UInt8], hash: 7))
        XCTAssertEqual(Set([PrehashedKey([9] as [UInt8], hash: 7), PrehashedKey([8] as [UInt8], hash: 7)]).count, 2)
    }
}
