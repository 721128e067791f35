import Foundation
import MitsuCore
@testable import MitsuStore
import XCTest

/// A real full disk: a 64 KiB tmpfs, which needs root (the test is skipped otherwise). When space comes
/// back every accepted event must be in the file exactly once, and the events refused by the buffer cap
/// must not be.
final class JSONLinesLogDiskFullTests: XCTestCase {
    func testFullDiskKeepsEventsBufferedUntilSpaceReturns() throws {
        guard getuid() == 0 else { throw XCTSkip("mounting a tmpfs needs root") }
        let mountPoint = NSTemporaryDirectory() + "mitsu-tmpfs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: mountPoint) }
        guard try runCommand(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint]).status == 0 else {
            throw XCTSkip("mount -t tmpfs not permitted here")
        }
        defer { _ = try? runCommand(["umount", "-l", mountPoint]) }

        let clock = ManualClock("2026-11-27T10:00:00.000Z")
        let base = ts("2026-11-27T10:00:00.000Z")
        var accepted: [Event] = []
        var refused: [Event] = []
        var next = 0
        func batch() -> [Event] {
            defer { next += 10 }
            return (next..<next + 10).map { sampleEvent($0, at: base.adding(milliseconds: Int64($0))) }
        }

        let logPath: String
        do {
            let log = try JSONLinesLog(directory: mountPoint + "/log", flushThreshold: 4096,
                                       maxBufferedBytes: 128 * 1024, now: { clock.now })
            logPath = log.path

            // Fill the disk: the first failing append still accepts its events.
            var diskFull: StoreError?
            while diskFull == nil, next < 10_000 {
                let events = batch()
                do {
                    try log.append(events)
                } catch let error as StoreError {
                    diskFull = error
                }
                accepted += events
            }
            guard case .writeFailed(let path, let code, let buffered)? = diskFull else {
                return XCTFail("expected writeFailed, got \(String(describing: diskFull))")
            }
            XCTAssertEqual(path, logPath)
            XCTAssertEqual(code, ENOSPC)
            XCTAssertGreaterThan(buffered, 0)
            XCTAssertTrue("\(diskFull!)".contains("No space left on device"), "\(diskFull!)")

            // Keep going until the buffer cap refuses a batch.
            while refused.isEmpty, next < 100_000 {
                let events = batch()
                do {
                    try log.append(events)
                    accepted += events
                } catch StoreError.logBufferFull(let path, _, let limit) {
                    XCTAssertEqual(path, logPath)
                    XCTAssertEqual(limit, 128 * 1024)
                    refused = events
                } catch StoreError.writeFailed {
                    accepted += events
                }
            }
            XCTAssertFalse(refused.isEmpty)
            XCTAssertThrowsError(try log.flush(), "still full")

            // Space comes back: one flush writes everything that was accepted.
            XCTAssertEqual(try runCommand(["mount", "-o", "remount,size=4m", mountPoint]).status, 0)
            try log.flush()
            XCTAssertEqual(log.bufferedByteCount, 0)
        }
        XCTAssertEqual(try decodeLines(readFile(logPath)), accepted)
        XCTAssertTrue(Set(refused.map(\.password)).isDisjoint(with: accepted.map(\.password)))
    }
}
