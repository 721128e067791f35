import XCTest
import MitsuCore
@testable import MitsuNet

final class ConnectionLimiterTests: XCTestCase {
    func testPerAddressAndGlobalCaps() {
        let l = ConnectionLimiter(maxConnections: 3, maxPerIP: 2)
        XCTAssertNil(l.acquire("198.51.100.1", nowMS: 0))
        XCTAssertNil(l.acquire("198.51.100.1", nowMS: 0))
        XCTAssertEqual(l.acquire("198.51.100.1", nowMS: 0)?.refusal, .perIPCap)
        XCTAssertNil(l.acquire("2001:db8::1", nowMS: 0))
        XCTAssertEqual(l.acquire("2001:db8::2", nowMS: 0)?.refusal, .globalCap)
        XCTAssertEqual(l.openConnections, 3)
        XCTAssertEqual(l.refusedTotal, 2)
        l.release("198.51.100.1")
        XCTAssertNil(l.acquire("2001:db8::2", nowMS: 0))
    }

    func testRefusalsAreReportedOncePerMinutePerAddress() {
        let l = ConnectionLimiter(maxConnections: 10, maxPerIP: 1)
        XCTAssertNil(l.acquire("a", nowMS: 0))
        XCTAssertEqual(l.acquire("a", nowMS: 1000)?.shouldReport, true)
        XCTAssertEqual(l.acquire("a", nowMS: 30_000)?.shouldReport, false)
        XCTAssertEqual(l.acquire("a", nowMS: 61_001)?.shouldReport, true)
        XCTAssertEqual(l.refusedTotal, 3, "every refusal is counted, even unreported ones")
    }

    func testReleaseNeverGoesNegative() {
        let l = ConnectionLimiter(maxConnections: 1, maxPerIP: 1)
        l.release("x")
        l.release("x")
        XCTAssertEqual(l.openConnections, 0)
        XCTAssertNil(l.acquire("x", nowMS: 0))
        XCTAssertNotNil(l.acquire("y", nowMS: 0))
    }

    func testConcurrentUseKeepsCountsExact() {
        let l = ConnectionLimiter(maxConnections: 1_000_000, maxPerIP: 1_000_000)
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            for _ in 0..<10_000 {
                _ = l.acquire("ip\(i % 3)", nowMS: 0)
                l.release("ip\(i % 3)")
            }
        }
        XCTAssertEqual(l.openConnections, 0)
    }
}
