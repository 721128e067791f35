import Foundation
import MitsuCore
@testable import MitsuStore
import XCTest

/// A damaged database must surface as `StoreError.corruptDatabase` naming the file, never as a trap: the
/// collector reports it as a `sensor.store_error` and keeps the other stores running.
final class SQLiteEventStoreCorruptionTests: XCTestCase {
    private func assertCorrupt(_ error: any Error, path: String, file: StaticString = #filePath, line: UInt = #line) {
        guard case StoreError.corruptDatabase(let reportedPath, _) = error else {
            return XCTFail("expected corruptDatabase, got \(error)", file: file, line: line)
        }
        XCTAssertEqual(reportedPath, path, file: file, line: line)
        let text = "\(error)"
        XCTAssertTrue(text.contains(path), text, file: file, line: line)
        XCTAssertTrue(text.contains("corrupt") && text.contains("not an SQLite database"), text, file: file, line: line)
    }

    private func randomBytes(_ count: Int) -> Data {
        var rng = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }

    /// A store of `count` events, closed with its WAL checkpointed into the main file.
    private func makeDatabase(at path: String, count: Int) throws {
        let store = try SQLiteEventStore(path: path, retentionDays: 7)
        let base = ts("2026-11-27T10:00:00.000Z")
        try store.append((0..<count).map { sampleEvent($0, at: base.adding(milliseconds: Int64($0)), srcIP: "192.0.2.\($0 % 250)") })
        try store.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
    }

    func testFileOfRandomBytes() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("mitsu.sqlite")
        _ = FileManager.default.createFile(atPath: path, contents: randomBytes(64 * 1024))
        XCTAssertThrowsError(try SQLiteEventStore(path: path, retentionDays: 7)) { assertCorrupt($0, path: path) }
    }

    func testShortTextFile() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("mitsu.sqlite")
        _ = FileManager.default.createFile(atPath: path, contents: Data("this is not a database\n".utf8))
        XCTAssertThrowsError(try SQLiteEventStore(path: path, retentionDays: 7)) { assertCorrupt($0, path: path) }
    }

    func testGarbageOverwrittenInTheMiddle() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("mitsu.sqlite")
        try makeDatabase(at: path, count: 5_000)
        var bytes = readFile(path)
        XCTAssertGreaterThan(bytes.count, 256 * 1024)
        let start = bytes.count / 4, end = bytes.count * 3 / 4
        bytes.replaceSubrange(start..<end, with: randomBytes(end - start))
        try bytes.write(to: URL(fileURLWithPath: path))

        // Opening only reads the schema pages; the damage is found by the first call that reads it, and
        // verifyIntegrity finds it without running a query.
        var failures: [any Error] = []
        do {
            let store = try SQLiteEventStore(path: path, retentionDays: 7)
            do { try store.verifyIntegrity() } catch { failures.append(error) }
            do { _ = try store.query(EventQuery(limit: .max)) } catch { failures.append(error) }
            do { _ = try store.count(EventQuery(srcIP: "192.0.2.0/24")) } catch { failures.append(error) }
            do { _ = try store.purge(before: ts("2027-01-01T00:00:00Z")) } catch { failures.append(error) }
            XCTAssertEqual(failures.count, 4, "\(failures)")
        } catch {
            failures.append(error)
        }
        XCTAssertFalse(failures.isEmpty)
        for failure in failures { assertCorrupt(failure, path: path) }
    }

    func testTruncatedDatabase() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("mitsu.sqlite")
        try makeDatabase(at: path, count: 5_000)
        let bytes = readFile(path)
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        do {
            let store = try SQLiteEventStore(path: path, retentionDays: 7)
            XCTAssertThrowsError(try store.verifyIntegrity()) { assertCorrupt($0, path: path) }
            XCTAssertThrowsError(try store.query(EventQuery(limit: .max))) { assertCorrupt($0, path: path) }
        } catch {
            assertCorrupt(error, path: path)
        }
    }

    func testDamagedRecordValuesAreErrorsNotTraps() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("mitsu.sqlite")
        let store = try SQLiteEventStore(path: path, retentionDays: 7)
        let base = ts("2026-11-27T10:00:00.000Z")
        try store.append((0..<3).map { sampleEvent($0, at: base.adding(milliseconds: Int64($0)), srcIP: "192.0.2.\($0)") })
        // What a flipped serial-type byte looks like to SQLite: values of the wrong type, or NULL.
        try store.execute(sql: "UPDATE events SET src_ip = x'00ff', json = x'7b7d' WHERE id = 2")
        try store.execute(sql: "UPDATE events SET json = 12345 WHERE id = 3")
        XCTAssertEqual(try store.count(EventQuery(srcIP: "192.0.2.0/24")), 2)
        for query in [EventQuery(), EventQuery(srcIP: "192.0.2.0/24")] {
            XCTAssertThrowsError(try store.query(query)) { error in
                guard case StoreError.undecodableEvent(let reported, let rowID, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(reported, path)
                XCTAssertEqual(rowID, 3)
            }
        }
        XCTAssertEqual(try store.query(EventQuery(limit: 1, newestFirst: false)).count, 1)
    }

    func testUnopenablePathNamesTheFile() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("missing-directory/mitsu.sqlite")
        XCTAssertThrowsError(try SQLiteEventStore(path: path, retentionDays: 7)) { error in
            guard case StoreError.database = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains(path), "\(error)")
        }
    }
}
