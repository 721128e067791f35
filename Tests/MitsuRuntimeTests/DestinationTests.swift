import Foundation
import MitsuCore
@testable import MitsuRuntime
import XCTest

/// A destination writes on its own queue: batches in order, at most `maxInFlight` waiting, failures kept
/// in a backlog that is retried and, at close, spilled to the pending file.
final class DestinationTests: XCTestCase {
    final class Recorder: @unchecked Sendable {
        let lock = NSLock()
        var batches: [[Int]] = []
        var failing = false
        var reports: [String] = []
        func record(_ events: [Event]) throws {
            try lock.withLock {
                if failing { throw CocoaError(.fileWriteOutOfSpace) }
                batches.append(events.map { $0.srcPort ?? -1 })
            }
        }
        var written: [Int] { lock.withLock { batches.flatMap { $0 } } }
    }

    func events(_ range: Range<Int>) -> [Event] {
        range.map { i in
            var e = Event(kind: .payload, honeypot: "trap")
            e.srcPort = i
            return e
        }
    }

    func lines(_ events: [Event]) -> [[UInt8]] { events.map { EventCodec.encode($0) } }

    func testAppendReturnsWhileTheWriteRunsAndCloseWaitsForEveryBatchInOrder() {
        let recorder = Recorder()
        let gate = DispatchSemaphore(value: 0)
        let d = Destination(name: "test", pendingPath: NSTemporaryDirectory() + "unused-\(UUID())", report: { _ in },
                            write: { events, _ in
                                _ = gate.wait(timeout: .now() + 5)
                                try recorder.record(events)
                            })
        let first = events(0..<3)
        d.append(first, lines: lines(first))
        // The write is held at the gate: a synchronous append would have waited for it (5 s) and recorded it.
        XCTAssertEqual(recorder.written, [], "append returned before its batch was written")
        for _ in 0..<20 { gate.signal() }
        for k in 1..<6 {
            let batch = events(k * 3..<k * 3 + 3)
            d.append(batch, lines: lines(batch))
        }
        d.close()
        XCTAssertEqual(recorder.written, Array(0..<18))
    }

    func testAtMostTwoBatchesWaitThenAppendBlocks() {
        let recorder = Recorder()
        let gate = DispatchSemaphore(value: 0)
        let d = Destination(name: "test", pendingPath: NSTemporaryDirectory() + "unused-\(UUID())", report: { _ in },
                            write: { events, _ in
                                _ = gate.wait(timeout: .now() + 10)
                                try recorder.record(events)
                            })
        let batch = events(0..<1)
        for _ in 0..<Destination.maxInFlight { d.append(batch, lines: lines(batch)) }
        let third = DispatchSemaphore(value: 0)
        let encoded = lines(batch)
        DispatchQueue.global().async {
            d.append(batch, lines: encoded)
            third.signal()
        }
        XCTAssertEqual(third.wait(timeout: .now() + 0.3), .timedOut, "a third batch waits while two are in flight")
        gate.signal()
        XCTAssertEqual(third.wait(timeout: .now() + 5), .success, "one batch written: the third is taken")
        for _ in 0..<4 { gate.signal() }
        d.close()
        XCTAssertEqual(recorder.batches.count, 3)
    }

    func testFailedWritesAreRetriedOnFlushAndSpilledAtCloseWhenStillFailing() throws {
        let recorder = Recorder()
        recorder.failing = true
        let pending = NSTemporaryDirectory() + "mitsu-pending-\(UUID().uuidString.prefix(8)).jsonl"
        defer { unlink(pending) }
        let reported = DispatchSemaphore(value: 0)
        let d = Destination(name: "test", pendingPath: pending, report: { message in
                                recorder.lock.withLock { recorder.reports.append(message) }
                                reported.signal()
                            }, write: { events, _ in try recorder.record(events) })
        let a = events(0..<4)
        d.append(a, lines: lines(a))
        // The failure is reported from the destination's queue: the disk "recovers" only after it.
        XCTAssertEqual(reported.wait(timeout: .now() + 5), .success)
        d.flush()
        recorder.lock.withLock { recorder.failing = false }
        let b = events(4..<6)
        d.append(b, lines: lines(b))
        d.flush()
        let c = events(6..<9)
        d.close()
        XCTAssertEqual(recorder.written, Array(0..<6), "the backlog goes first, then the new batch, in order")
        XCTAssertTrue(recorder.reports.contains { $0.contains("writing again") }, "\(recorder.reports)")

        // Still failing at close: the backlog goes to the pending file, nothing is lost.
        let failing = Recorder()
        failing.failing = true
        let d2 = Destination(name: "test", pendingPath: pending, report: { _ in }, write: { events, _ in try failing.record(events) })
        d2.append(c, lines: lines(c))
        d2.close()
        let (spilled, bad) = PendingFile.take(pending)
        XCTAssertEqual(bad, 0)
        XCTAssertEqual(spilled.map { $0.srcPort ?? -1 }, [6, 7, 8])
    }
}
