import XCTest
@testable import MitsuRuntime

final class AllowedCPUsTests: XCTestCase {
    private func status(_ mask: String) -> String {
        "Name:\tmitsu\nThreads:\t3\nCpus_allowed:\t\(mask)\nCpus_allowed_list:\tignored\nMems_allowed:\t1\n"
    }

    func testTheMaskLineIsCounted() {
        XCTAssertEqual(AllowedCPUs.count(status: status("3")), 2)
        XCTAssertEqual(AllowedCPUs.count(status: status("2")), 1)
        XCTAssertEqual(AllowedCPUs.count(status: status("ff,ffffffff")), 40)
        XCTAssertEqual(AllowedCPUs.count(status: status("00000000,00000000,00000100")), 1)
        XCTAssertNil(AllowedCPUs.count(status: status("zz")))
        XCTAssertNil(AllowedCPUs.count(status: "Name:\tmitsu\n"))
    }

    func testOneEventLoopPerAllowedCPUWithinTheOnlineOnes() {
        XCTAssertEqual(AllowedCPUs.eventLoopCount(status: status("2"), online: 2), 1)
        XCTAssertEqual(AllowedCPUs.eventLoopCount(status: status("3"), online: 2), 2)
        XCTAssertEqual(AllowedCPUs.eventLoopCount(status: status("ff"), online: 4), 4)
        // Unreadable or empty: what NIO counts.
        XCTAssertEqual(AllowedCPUs.eventLoopCount(status: nil, online: 3), 3)
        XCTAssertEqual(AllowedCPUs.eventLoopCount(status: status("0"), online: 3), 3)
        XCTAssertEqual(AllowedCPUs.eventLoopCount(status: status("bad"), online: 3), 3)
        // This process: the real /proc/self/status.
        let own = AllowedCPUs.eventLoopCount()
        XCTAssertGreaterThanOrEqual(own, 1)
        XCTAssertLessThanOrEqual(own, ProcessInfo.processInfo.activeProcessorCount)
    }
}
