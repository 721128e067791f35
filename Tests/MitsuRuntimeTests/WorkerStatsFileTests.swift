import Foundation
@testable import MitsuRuntime
import XCTest

final class WorkerStatsFileTests: XCTestCase {
    func testRewrittenInPlaceAndReadBack() throws {
        let path = NSTemporaryDirectory() + "mitsu-stats-\(UUID().uuidString.prefix(8))"
        defer { unlink(path) }
        XCTAssertNil(WorkerStatsFile.read(path: path), "no file yet")
        let file = WorkerStatsFile(path: path)
        file.write(WorkerStats(refused: 1_234_567, spooled: 89, lost: 3))
        XCTAssertEqual(WorkerStatsFile.read(path: path), WorkerStats(refused: 1_234_567, spooled: 89, lost: 3))
        // A smaller value later leaves no digits of the larger one behind (fixed width, one pwrite).
        file.write(WorkerStats(refused: 7, spooled: 0, lost: 0))
        XCTAssertEqual(WorkerStatsFile.read(path: path), WorkerStats(refused: 7, spooled: 0, lost: 0))
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        XCTAssertEqual(size, WorkerStatsFile.format(WorkerStats()).utf8.count)
    }

    func testAnythingElseIsNotStats() throws {
        let path = NSTemporaryDirectory() + "mitsu-stats-\(UUID().uuidString.prefix(8))"
        defer { unlink(path) }
        for text in ["", "refused 1 spooled 2\n", "refused x spooled 2 lost 3\n", "lost 1 spooled 2 refused 3\n",
                     String(repeating: "9", count: 4096)] {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertNil(WorkerStatsFile.read(path: path), text)
        }
    }
}
