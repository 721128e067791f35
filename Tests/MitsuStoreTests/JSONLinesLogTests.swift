import Foundation
import MitsuCore
@testable import MitsuStore
import XCTest

final class JSONLinesLogTests: XCTestCase {
    private let clock = ManualClock("2026-11-27T10:00:00.000Z")

    private func makeLog(_ dir: TemporaryDirectory, generations: Int = 14, flushThreshold: Int = 256 * 1024,
                         maxBufferedBytes: Int = 64 * 1024 * 1024) throws -> JSONLinesLog {
        let clock = self.clock
        return try JSONLinesLog(directory: dir.path, generations: generations, flushThreshold: flushThreshold,
                                maxBufferedBytes: maxBufferedBytes, now: { clock.now })
    }

    private func events(_ range: Range<Int>, at iso: String) -> [Event] {
        range.map { sampleEvent($0, at: ts(iso).adding(milliseconds: Int64($0))) }
    }

    func testLinesDecodeBackToTheSameEvents() throws {
        let dir = TemporaryDirectory()
        let log = try makeLog(dir)
        var appended = events(0..<50, at: "2026-11-27T10:00:00Z")
        var http = Event(kind: .httpRequest, honeypot: "web", timestamp: ts("2026-11-27T10:00:01.5Z"))
        http.http = HTTPInfo(method: "GET", uri: "/a?b=\u{1}", headers: ["User-Agent": "x\ty"])
        http.payload = PayloadInfo(length: 3, sha256: String(repeating: "a", count: 64), printable: "...", b64: "AAEC")
        appended.append(http)
        try log.append(appended)
        try log.flush()
        let data = readFile(log.path)
        XCTAssertEqual(data.last, UInt8(ascii: "\n"))
        XCTAssertEqual(data.split(separator: UInt8(ascii: "\n")).count, appended.count, "one event a line")
        XCTAssertEqual(try decodeLines(data), appended)
        XCTAssertEqual(log.path, dir.file("events.jsonl"))
    }

    func testLinesWaitInTheBufferUntilFlushOrThreshold() throws {
        let dir = TemporaryDirectory()
        let log = try makeLog(dir, flushThreshold: 4096)
        try log.append(events(0..<2, at: "2026-11-27T10:00:00Z"))
        XCTAssertEqual(readFile(log.path).count, 0)
        XCTAssertGreaterThan(log.bufferedByteCount, 0)
        try log.flush()
        XCTAssertEqual(try decodeLines(readFile(log.path)).count, 2)
        XCTAssertEqual(log.bufferedByteCount, 0)

        // Passing the threshold writes without a flush.
        try log.append(events(2..<40, at: "2026-11-27T10:00:00Z"))
        XCTAssertEqual(log.bufferedByteCount, 0)
        XCTAssertEqual(try decodeLines(readFile(log.path)).count, 40)
    }

    func testReopenAppendsToTheSameDay() throws {
        let dir = TemporaryDirectory()
        do {
            let log = try makeLog(dir)
            try log.append(events(0..<3, at: "2026-11-27T10:00:00Z"))
            try log.close()
        }
        do {
            // The file's mtime is the real clock; align the injected one with it.
            clock.set(Timestamp.now().iso8601)
            let log = try makeLog(dir)
            try log.append(events(3..<5, at: "2026-11-27T10:00:00Z"))
            try log.flush()
            XCTAssertEqual(try decodeLines(readFile(log.path)).count, 5)
        }
        XCTAssertEqual(dir.names(), ["events.jsonl"])
    }

    func testDeinitWritesWhatIsBuffered() throws {
        let dir = TemporaryDirectory()
        do {
            let log = try makeLog(dir)
            try log.append(events(0..<3, at: "2026-11-27T10:00:00Z"))
        }
        XCTAssertEqual(try decodeLines(readFile(dir.file("events.jsonl"))).count, 3)
    }

    func testWriteFailureKeepsEventsBufferedAndSaysWhy() throws {
        // /dev/full accepts an open and fails every write with ENOSPC, as a full disk does.
        guard FileManager.default.isWritableFile(atPath: "/dev/full") else { throw XCTSkip("no /dev/full") }
        let dir = TemporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: dir.file("events.jsonl"), withDestinationPath: "/dev/full")
        let log = try makeLog(dir, flushThreshold: 1)
        XCTAssertThrowsError(try log.append(events(0..<3, at: "2026-11-27T10:00:00Z"))) { error in
            guard case StoreError.writeFailed(let path, let code, let buffered) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, dir.file("events.jsonl"))
            XCTAssertEqual(code, ENOSPC)
            XCTAssertGreaterThan(buffered, 0)
            let text = "\(error)"
            XCTAssertTrue(text.contains(dir.file("events.jsonl")) && text.contains("No space left on device")
                          && text.contains("stay buffered"), text)
        }
        let buffered = log.bufferedByteCount
        XCTAssertThrowsError(try log.flush())
        XCTAssertEqual(log.bufferedByteCount, buffered, "nothing dropped by a failed retry")
    }
}
