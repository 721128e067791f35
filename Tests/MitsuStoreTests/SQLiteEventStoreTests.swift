import Foundation
import GRDB
import MitsuCore
@testable import MitsuStore
import XCTest

final class SQLiteEventStoreTests: XCTestCase {
    private let base = ts("2026-11-27T10:00:00.000Z")

    func testReopenKeepsEvents() throws {
        let dir = TemporaryDirectory()
        let events = (0..<20).map { sampleEvent($0, at: base.adding(milliseconds: Int64($0))) }
        do {
            let store = try SQLiteEventStore(path: dir.file("mitsu.sqlite"), retentionDays: 7)
            try store.append(events)
        }
        let reopened = try SQLiteEventStore(path: dir.file("mitsu.sqlite"), retentionDays: 7)
        XCTAssertEqual(try reopened.query(EventQuery(newestFirst: false)), events)
        try reopened.append([sampleEvent(99, at: base.adding(milliseconds: 99))])
        XCTAssertEqual(try reopened.count(EventQuery()), 21)
    }

    func testJournalModeIsWAL() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteEventStore(path: dir.file("mitsu.sqlite"), retentionDays: 7)
        XCTAssertEqual(try store.fetchStrings(sql: "PRAGMA journal_mode"), ["wal"])
    }

    /// New stores use 16 KiB pages (bench/ingest: +11 % over 4 KiB); an existing store keeps its own.
    func testNewStoresUse16KiBPagesAndOldOnesKeepTheirs() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteEventStore(path: dir.file("mitsu.sqlite"), retentionDays: 7)
        try store.append([sampleEvent(1, at: base)])
        XCTAssertEqual(try store.fetchStrings(sql: "PRAGMA page_size"), ["16384"])
        let old = dir.file("old.sqlite")
        do {
            let q = try DatabaseQueue(path: old)
            try q.write { db in
                try db.execute(sql: "PRAGMA page_size = 4096")
                try db.execute(sql: "CREATE TABLE t (x)")
            }
        }
        let reopened = try SQLiteEventStore(path: old, retentionDays: 7)
        try reopened.append([sampleEvent(1, at: base)])
        XCTAssertEqual(try reopened.fetchStrings(sql: "PRAGMA page_size"), ["4096"])
        XCTAssertEqual(try reopened.count(EventQuery()), 1)
    }

    func testWALIsCheckpointedInTheBackground() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("mitsu.sqlite")
        let checkpointer = WALCheckpointer(path: path, backgroundThresholdBytes: 256 << 10)
        let store = try SQLiteEventStore(path: path, retentionDays: 7, checkpointer: checkpointer)
        let sizeBefore = try XCTUnwrap(POSIXFile.size(path))
        // SQLite's own autocheckpoint is replaced: only the checkpointer writes pages into the main file.
        try store.append((0..<3_000).map { sampleEvent($0, at: base.adding(milliseconds: Int64($0))) })
        checkpointer.waitUntilIdle()
        XCTAssertGreaterThan(try XCTUnwrap(POSIXFile.size(path)), sizeBefore + 1_000_000)
        XCTAssertEqual(try store.count(EventQuery()), 3_000)
    }

    func testWALStartsOverUnderContinuousWrites() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("mitsu.sqlite")
        let checkpointer = WALCheckpointer(path: path, backgroundThresholdBytes: 256 << 10)
        let busy = try SQLiteEventStore(path: path, retentionDays: 7, checkpointer: checkpointer)
        // Back-to-back batches, as the collector's store queue writes under load: a PASSIVE checkpoint
        // alone never catches up with them and the WAL grows with everything written.
        var total = 0
        for batch in 0..<60 {
            try busy.append((0..<300).map { sampleEvent(batch * 300 + $0, at: base.adding(milliseconds: Int64(batch * 300 + $0))) })
            total += 300
        }
        checkpointer.waitUntilIdle()
        let wal = try XCTUnwrap(POSIXFile.size(path + "-wal"))
        let db = try XCTUnwrap(POSIXFile.size(path))
        XCTAssertLessThan(wal, db / 2, "WAL \(wal) bytes for a \(db)-byte database: it was not restarted")
        XCTAssertEqual(try busy.count(EventQuery()), total)
    }

    func testIndexesExist() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteEventStore(path: dir.file("mitsu.sqlite"), retentionDays: 7)
        let indexes = try store.fetchStrings(sql: """
            SELECT name || ':' || sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' ORDER BY name
            """)
        XCTAssertEqual(indexes, [
            "events_event_ts:CREATE INDEX events_event_ts ON events(event, ts)",
            "events_files_ts:CREATE INDEX events_files_ts ON events(ts)\nWHERE sha256 IS NOT NULL AND event IN ('file.download','file.upload','file.created')",
            "events_honeypot_ts:CREATE INDEX events_honeypot_ts ON events(honeypot, ts)",
            "events_session:CREATE INDEX events_session ON events(session)",
            "events_ts:CREATE INDEX events_ts ON events(ts)",
        ])
        let columns = try store.fetchStrings(sql: "SELECT name FROM pragma_table_info('events') ORDER BY cid")
        XCTAssertEqual(columns, ["id", "ts", "event", "honeypot", "session", "src_ip", "src_port", "dest_port",
                                 "protocol", "username", "password", "country", "asn", "sha256", "json"])
    }

    func testFilteredPagesUseTheIndexWithoutSorting() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteEventStore(path: dir.file("mitsu.sqlite"), retentionDays: 7)
        // Source addresses have their own index (AddressIndexTests).
        for filter in ["honeypot = 'ssh'", "event = 'login.failed'", "ts >= 0"] {
            let plan = try store.fetchStrings(
                sql: "EXPLAIN QUERY PLAN SELECT json FROM events WHERE \(filter) ORDER BY ts DESC, id DESC LIMIT 100",
                column: 3
            ).joined(separator: "; ")
            XCTAssertTrue(plan.contains("USING INDEX"), "\(filter): \(plan)")
            XCTAssertFalse(plan.contains("TEMP B-TREE"), "\(filter): \(plan)")
        }
    }

    func testPurgeDeletesOnlyOlderEventsAcrossSeveralChunks() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteEventStore(path: dir.file("mitsu.sqlite"), retentionDays: 7)
        let old = SQLiteEventStore.purgeChunk * 2 + 500
        var events = (0..<old).map { sampleEvent($0, at: base.adding(milliseconds: Int64($0))) }
        events += (0..<10).map { sampleEvent($0, at: base.adding(milliseconds: 86_400_000 + Int64($0))) }
        try store.append(events)
        XCTAssertEqual(try store.purge(before: base.adding(milliseconds: 86_400_000)), old)
        XCTAssertEqual(try store.query(EventQuery(limit: .max, newestFirst: false)), Array(events[old...]))
        XCTAssertEqual(try store.purge(before: base), 0)
    }

    func testApplyRetentionUsesRetentionDays() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteEventStore(path: dir.file("mitsu.sqlite"), retentionDays: 7)
        let now = ts("2026-11-27T12:00:00.000Z")
        let eightDaysAgo = sampleEvent(0, at: now.adding(milliseconds: -8 * 86_400_000))
        let sixDaysAgo = sampleEvent(1, at: now.adding(milliseconds: -6 * 86_400_000))
        try store.append([eightDaysAgo, sixDaysAgo])
        XCTAssertEqual(try store.applyRetention(now: now), 1)
        XCTAssertEqual(try store.query(EventQuery()), [sixDaysAgo])

        let keepForever = try SQLiteEventStore(path: dir.file("other.sqlite"), retentionDays: 0)
        try keepForever.append([eightDaysAgo])
        XCTAssertEqual(try keepForever.applyRetention(now: now), 0)
        XCTAssertEqual(try keepForever.count(EventQuery()), 1)
    }

    func testConcurrentReadsDuringWrites() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteEventStore(path: dir.file("mitsu.sqlite"), retentionDays: 7)
        let base = self.base
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for batch in 0..<10 {
                do {
                    if worker % 2 == 0 {
                        try store.append((0..<100).map { sampleEvent($0, at: base.adding(milliseconds: Int64(batch * 100 + $0))) })
                    } else {
                        _ = try store.query(EventQuery(honeypot: "ssh"))
                    }
                } catch {
                    XCTFail("\(error)")
                }
            }
        }
        XCTAssertEqual(try store.count(EventQuery()), 4 * 10 * 100)
    }

    func testUndecodableRowIsReportedWithItsID() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteEventStore(path: dir.file("mitsu.sqlite"), retentionDays: 7)
        try store.append([sampleEvent(0, at: base)])
        try store.execute(sql: "UPDATE events SET json = '{not json' WHERE id = 1")
        XCTAssertThrowsError(try store.query(EventQuery())) { error in
            guard case StoreError.undecodableEvent(_, let rowID, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(rowID, 1)
            XCTAssertTrue("\(error)".contains(dir.file("mitsu.sqlite")), "\(error)")
        }
    }
}
