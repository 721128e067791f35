import Foundation
import MitsuCore
@testable import MitsuStore
import XCTest

final class JSONLinesLogRotationTests: XCTestCase {
    private let clock = ManualClock("2026-11-27T10:00:00.000Z")

    private func makeLog(_ dir: TemporaryDirectory, generations: Int = 14) throws -> JSONLinesLog {
        let clock = self.clock
        return try JSONLinesLog(directory: dir.path, generations: generations, now: { clock.now })
    }

    private func events(_ range: Range<Int>, at iso: String) -> [Event] {
        range.map { sampleEvent($0, at: ts(iso).adding(milliseconds: Int64($0))) }
    }

    private func lines(_ events: [Event]) -> Data {
        Data(events.flatMap { EventCodec.encode($0) + [UInt8(ascii: "\n")] })
    }

    private func setModificationDate(_ path: String, _ iso: String) throws {
        try FileManager.default.setAttributes([.modificationDate: ts(iso).date], ofItemAtPath: path)
    }

    func testMidnightRotatesTheDayIntoAValidGzip() throws {
        let dir = TemporaryDirectory()
        let log = try makeLog(dir)
        // Enough lines to span several compression chunks.
        let day1 = events(0..<12_000, at: "2026-11-27T10:00:00Z")
        try log.append(day1)
        try log.flush()

        clock.set("2026-11-28T00:00:00.250Z")
        let day2 = events(0..<3, at: "2026-11-28T00:00:00.250Z")
        try log.append(day2)
        try log.flush()

        XCTAssertEqual(dir.names(), ["events-2026-11-27.jsonl.gz", "events.jsonl"])
        let gz = dir.file("events-2026-11-27.jsonl.gz")
        XCTAssertEqual(Array(readFile(gz).prefix(2)), [0x1F, 0x8B], "gzip magic")
        let restored = try gunzip(gz)
        XCTAssertGreaterThan(restored.count, 2 * GzipFile.chunkSize)
        XCTAssertEqual(restored, lines(day1))
        XCTAssertLessThan(readFile(gz).count, restored.count / 4)
        XCTAssertEqual(readFile(log.path), lines(day2))
        XCTAssertNil(log.takeMaintenanceError())
    }

    func testLinesBufferedBeforeMidnightStayInTheirDay() throws {
        let dir = TemporaryDirectory()
        let log = try makeLog(dir)
        let late = events(0..<5, at: "2026-11-27T23:59:59.000Z")
        try log.append(late)
        clock.set("2026-11-28T00:00:01.000Z")
        // Rotation happens in the flush that notices the new day, before the buffer is written.
        try log.flush()
        XCTAssertEqual(try gunzip(dir.file("events-2026-11-27.jsonl.gz")), lines(late))
        XCTAssertEqual(readFile(log.path).count, 0)
    }

    func testAQuietDayLeavesNoEmptyArchive() throws {
        let dir = TemporaryDirectory()
        let log = try makeLog(dir)
        clock.set("2026-11-28T09:00:00Z")
        try log.flush()
        XCTAssertEqual(dir.names(), ["events.jsonl"])
    }

    func testClockGoingBackDoesNotRotate() throws {
        let dir = TemporaryDirectory()
        let log = try makeLog(dir)
        try log.append(events(0..<2, at: "2026-11-27T10:00:00Z"))
        clock.set("2026-11-26T23:00:00Z")
        try log.append(events(2..<4, at: "2026-11-26T23:00:00Z"))
        try log.flush()
        XCTAssertEqual(dir.names(), ["events.jsonl"])
        XCTAssertEqual(try decodeLines(readFile(log.path)).count, 4)
    }

    func testOnlyTheNewestGenerationsAreKept() throws {
        let dir = TemporaryDirectory()
        // Files that merely look alike are never touched.
        for name in ["notes.txt", "events-old.jsonl.gz", "events-2026-1-01.jsonl.gz"] {
            _ = FileManager.default.createFile(atPath: dir.file(name), contents: Data("keep".utf8))
        }
        clock.set("2026-11-20T00:00:00Z")
        let log = try makeLog(dir, generations: 3)
        var perDay: [String: [Event]] = [:]
        for day in 20...26 {
            let iso = "2026-11-\(day)T12:00:00Z"
            clock.set(iso)
            perDay["2026-11-\(day)"] = events(0..<10, at: iso)
            try log.append(perDay["2026-11-\(day)"] ?? [])
            try log.flush()
        }
        clock.set("2026-11-27T00:00:05Z")
        try log.flush()
        XCTAssertEqual(dir.names(), ["events-2026-1-01.jsonl.gz", "events-2026-11-24.jsonl.gz", "events-2026-11-25.jsonl.gz",
                                     "events-2026-11-26.jsonl.gz", "events-old.jsonl.gz", "events.jsonl", "notes.txt"])
        for day in 24...26 {
            XCTAssertEqual(try gunzip(dir.file("events-2026-11-\(day).jsonl.gz")), lines(perDay["2026-11-\(day)"] ?? []))
        }
    }

    func testOpenRotatesAFileLastWrittenOnAnEarlierDay() throws {
        let dir = TemporaryDirectory()
        let old = events(0..<7, at: "2026-11-25T08:00:00Z")
        try lines(old).write(to: URL(fileURLWithPath: dir.file("events.jsonl")))
        try setModificationDate(dir.file("events.jsonl"), "2026-11-25T08:00:00Z")

        let log = try makeLog(dir)
        XCTAssertEqual(dir.names(), ["events-2026-11-25.jsonl.gz", "events.jsonl"])
        XCTAssertEqual(try gunzip(dir.file("events-2026-11-25.jsonl.gz")), lines(old))
        XCTAssertEqual(readFile(log.path).count, 0)
    }

    func testAStaleFileOfAnArchivedDayBecomesASecondGzipMember() throws {
        let dir = TemporaryDirectory()
        let first = events(0..<4, at: "2026-11-26T08:00:00Z")
        let second = events(4..<9, at: "2026-11-26T20:00:00Z")
        clock.set("2026-11-26T08:00:00Z")
        do {
            let log = try makeLog(dir)
            try log.append(first)
            clock.set("2026-11-27T01:00:00Z")
            try log.flush()
        }
        XCTAssertEqual(try gunzip(dir.file("events-2026-11-26.jsonl.gz")), lines(first))

        // A second file for the same day (e.g. restored from a backup) must not overwrite the archive.
        try lines(second).write(to: URL(fileURLWithPath: dir.file("events.jsonl")))
        try setModificationDate(dir.file("events.jsonl"), "2026-11-26T20:00:00Z")
        _ = try makeLog(dir)
        XCTAssertEqual(try gunzip(dir.file("events-2026-11-26.jsonl.gz")), lines(first + second))
    }

    func testOpenFinishesARotationThatACrashInterrupted() throws {
        let dir = TemporaryDirectory()
        let waiting = events(0..<6, at: "2026-11-24T08:00:00Z")
        try lines(waiting).write(to: URL(fileURLWithPath: dir.file("events-2026-11-24.jsonl")))
        try Data([0x1F, 0x8B, 0x08]).write(to: URL(fileURLWithPath: dir.file("events-2026-11-24.jsonl.gz.tmp")))

        _ = try makeLog(dir)
        XCTAssertEqual(dir.names(), ["events-2026-11-24.jsonl.gz", "events.jsonl"])
        XCTAssertEqual(try gunzip(dir.file("events-2026-11-24.jsonl.gz")), lines(waiting))
    }

    func testGzipOfAnEmptyFileIsValid() throws {
        let dir = TemporaryDirectory()
        _ = FileManager.default.createFile(atPath: dir.file("empty"), contents: Data())
        try GzipFile.compress(dir.file("empty"), to: dir.file("empty.gz"))
        XCTAssertEqual(try gunzip(dir.file("empty.gz")), Data())
    }
}
