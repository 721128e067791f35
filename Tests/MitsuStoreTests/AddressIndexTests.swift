import Foundation
import GRDB
import MitsuCore
@testable import MitsuStore
import XCTest

/// The address index (`AddressIndex`): every address query answers the same whether an event's entry is
/// in `src_ip_index` or still in the tail, merges happen when the tail is full, purges take entries out,
/// and a store made before the index gets it on open.
final class AddressIndexTests: XCTestCase {
    private let base = ts("2026-11-27T10:00:00.000Z")
    private let addresses = ["198.51.100.7", "198.51.100.200", "203.0.113.5", "2001:db8::1", "2001:db8:1::9", "192.0.2.1"]

    /// 120 events in batches of 17, a second apart, addresses in an irregular cycle, two honeypots.
    private func events() -> [Event] {
        (0..<120).map { i in
            sampleEvent(i, at: base.adding(milliseconds: Int64(i) * 1000), honeypot: i % 3 == 0 ? "web" : "ssh",
                        srcIP: addresses[(i * 7 + i / 5) % addresses.count])
        }
    }

    private func store(_ dir: TemporaryDirectory, mergeRows: Int64, foldRows: Int64 = 1_000_000, events: [Event]) throws -> SQLiteEventStore {
        let path = dir.file("mitsu.sqlite")
        let store = try SQLiteEventStore(path: path, retentionDays: 0, checkpointer: WALCheckpointer(path: path),
                                         addressMergeRows: mergeRows, addressFoldRows: foldRows)
        for start in stride(from: 0, to: events.count, by: 17) {
            try store.append(Array(events[start..<min(start + 17, events.count)]))
        }
        return store
    }

    private func mark(_ store: SQLiteEventStore) throws -> Int {
        Int(try store.fetchStrings(sql: "SELECT value FROM store_marks WHERE name = 'src_ip_index'")[0]) ?? -1
    }

    private func indexed(_ store: SQLiteEventStore, in table: String? = nil) throws -> Int {
        try (table.map { [$0] } ?? AddressIndex.tables).reduce(0) { sum, table in
            sum + (Int(try store.fetchStrings(sql: "SELECT COUNT(*) FROM \(table)")[0]) ?? -1_000_000)
        }
    }

    func testTheTailIsMergedWhenItHoldsMergeRowsEvents() throws {
        let all = events()
        // Batches end at ids 17, 34, 51, ...: with 40, the merges come at 51 and 102 (the tail then holds 18).
        let dir = TemporaryDirectory()
        let s = try store(dir, mergeRows: 40, events: all)
        XCTAssertEqual(try mark(s), 102)
        XCTAssertEqual(try indexed(s), 102)
        // The entries are the events' own (address, time, id).
        XCTAssertEqual(try s.fetchStrings(sql: """
            SELECT COUNT(*) FROM src_ip_recent AS x JOIN events AS e ON e.id = x.event_id AND e.src_ip = x.address AND e.ts = x.at
            """), ["102"])
        XCTAssertEqual(try indexed(s, in: "src_ip_index"), 0, "nothing folded below the fold size")
        let otherDir = TemporaryDirectory()
        let never = try store(otherDir, mergeRows: 1_000, events: all)
        XCTAssertEqual(try mark(never), 0)
        XCTAssertEqual(try indexed(never), 0)
    }

    /// Every address filter, through both query layers, against the same filter applied in Swift, with
    /// all events in the tail, all in the index, and split between them.
    func testQueriesAgreeWhereverTheEntriesAre() throws {
        let all = events()
        let storedIP = { (e: Event) in IPAddress.canonicalText(e.srcIP ?? "") }
        let filters: [(String, (Event) -> Bool)] = [
            ("198.51.100.7", { storedIP($0) == "198.51.100.7" }),
            ("::ffff:198.51.100.7", { storedIP($0) == "198.51.100.7" }),
            ("2001:0db8::1", { storedIP($0) == "2001:db8::1" }),
            ("198.51.100.0/24", { storedIP($0).hasPrefix("198.51.100.") }),
            ("2001:db8::/32", { storedIP($0).hasPrefix("2001:db8:") }),
            ("203.0.113.5/32", { storedIP($0) == "203.0.113.5" }),
            ("10.0.0.0/8", { _ in false }),
        ]
        let since = base.adding(milliseconds: 30_000), until = base.adding(milliseconds: 100_000)
        // All in the small table, all in the large one, the tail split off, and (20, 60) all three places:
        // merges at ids 34, 68 (folded) and 102, the tail 103–120.
        for (mergeRows, foldRows): (Int64, Int64) in [(1, 1_000_000), (1, 1), (40, 1_000), (20, 60), (1_000, 1_000)] {
            let dir = TemporaryDirectory()
            let s = try store(dir, mergeRows: mergeRows, foldRows: foldRows, events: all)
            if (mergeRows, foldRows) == (20, 60) {
                XCTAssertEqual(try [indexed(s, in: "src_ip_index"), indexed(s, in: "src_ip_recent"), mark(s)], [68, 34, 102])
            }
            let reader = try EventReader(path: dir.file("mitsu.sqlite"))
            for (text, matches) in filters {
                let label = "\(text), merge every \(mergeRows), fold every \(foldRows)"
                let expected = all.filter(matches)
                XCTAssertEqual(try s.query(EventQuery(srcIP: text, limit: 1000, newestFirst: false)), expected, label)
                XCTAssertEqual(try s.query(EventQuery(srcIP: text, limit: 5)), Array(expected.reversed().prefix(5)), label)
                XCTAssertEqual(try s.count(EventQuery(srcIP: text)), expected.count, label)
                let ranged = expected.filter { $0.timestamp >= since && $0.timestamp < until }
                XCTAssertEqual(try s.query(EventQuery(since: since, until: until, srcIP: text, limit: 1000, newestFirst: false)),
                               ranged, label)
                XCTAssertEqual(try s.query(EventQuery(since: since, until: until, honeypot: "web", srcIP: text, limit: 1000)),
                               ranged.filter { $0.honeypot == "web" }.reversed(), label)

                let filter = EventFilter(since: since, until: until, srcIP: text)
                XCTAssertEqual(try reader.count(filter), ranged.count, label)
                XCTAssertEqual(try reader.events(filter, limit: 4, offset: 3).map(\.event), Array(ranged.reversed().dropFirst(3).prefix(4)), label)
                XCTAssertEqual(try reader.events(filter, limit: 4, offset: 3, newestFirst: false).map(\.event),
                               Array(ranged.dropFirst(3).prefix(4)), label)
                XCTAssertEqual(try reader.totals(filter).events, ranged.count, label)
                XCTAssertEqual(try reader.totals(filter).attackers, Set(ranged.map(storedIP)).count, label)
                let top = try reader.top(.honeypot, filter: filter)
                XCTAssertEqual(Dictionary(uniqueKeysWithValues: top.map { ($0.values[0] ?? "", $0.count) }),
                               Dictionary(grouping: ranged, by: \.honeypot).mapValues(\.count), label)
            }
        }
    }

    func testPurgeTakesTheEntriesOfDeletedEventsOut() throws {
        let all = events()
        let dir = TemporaryDirectory()
        // Ids 1–68 folded into the large table, 69–102 in the small one, 103–120 the tail.
        let s = try store(dir, mergeRows: 20, foldRows: 60, events: all)
        // Events 0–59 (ids 1–60) go, all of them indexed: 42 of the 102 entries stay.
        XCTAssertEqual(try s.purge(before: base.adding(milliseconds: 60_000)), 60)
        XCTAssertEqual(try indexed(s), 42)
        XCTAssertEqual(try [indexed(s, in: "src_ip_index"), indexed(s, in: "src_ip_recent")], [8, 34])
        for table in AddressIndex.tables {
            XCTAssertEqual(try s.fetchStrings(sql: "SELECT COUNT(*) FROM \(table) WHERE event_id NOT IN (SELECT id FROM events)"), ["0"])
        }
        for address in addresses {
            XCTAssertEqual(try s.count(EventQuery(srcIP: address)), all[60...].filter { $0.srcIP == address }.count, address)
        }
        // An address whose every event is gone leaves the per-address rollup; one with events in the tail only stays.
        try s.append([sampleEvent(500, at: base.adding(milliseconds: 500_000), srcIP: "192.0.2.99")])
        XCTAssertEqual(try s.purge(before: base.adding(milliseconds: 400_000)), 60)
        XCTAssertEqual(try indexed(s), 0)
        XCTAssertEqual(try s.fetchStrings(sql: "SELECT src_ip FROM rollup_src_ips"), ["192.0.2.99"])
    }

    /// A store written before the address index (schema v3, the (src_ip, ts) index on events) gets the
    /// table filled from its events on open, and the old index dropped.
    func testAStoreFromBeforeTheIndexIsMigrated() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("mitsu.sqlite")
        let all = events()
        do {
            let queue = try DatabaseQueue(path: path)
            try EventsSchema.migrator.migrate(queue, upTo: "v3: session spans")
            try queue.write { db in
                let insert = try EventInsertStatement(db)
                for e in all { try withUnsafePointer(to: e) { try insert.insert($0, source: e.srcIP.map(IPAddress.canonicalText)) } }
            }
        }
        let s = try SQLiteEventStore(path: path, retentionDays: 0)
        XCTAssertEqual(try mark(s), 120)
        XCTAssertEqual(try indexed(s, in: "src_ip_index"), 120)
        XCTAssertEqual(try indexed(s, in: "src_ip_recent"), 0)
        XCTAssertEqual(try s.fetchStrings(sql: "SELECT value FROM store_marks WHERE name = 'src_ip_folded'"), ["120"])
        XCTAssertEqual(try s.fetchStrings(sql: "SELECT COUNT(*) FROM sqlite_master WHERE name = 'events_src_ip_ts'"), ["0"])
        XCTAssertEqual(try s.query(EventQuery(srcIP: "2001:db8::1", limit: 1000, newestFirst: false)),
                       all.filter { $0.srcIP == "2001:db8::1" })
    }

    /// A page of one address's events reads the index in key order and merges it with the sorted tail:
    /// no sort of all the address's indexed events, no scan of other addresses' events.
    func testAnAddressPageMergesTheIndexInOrder() throws {
        let dir = TemporaryDirectory()
        let s = try store(dir, mergeRows: 40, events: events())
        let compiled = try CompiledFilter(EventFilter(srcIP: "198.51.100.7"))
        let page = compiled.orderedEvents(newestFirst: true)
        let plan = try s.fetchStrings(sql: "EXPLAIN QUERY PLAN " + page.sql.replacingOccurrences(of: "?", with: "'198.51.100.7'")
                                      + " LIMIT 10", column: 3)
        XCTAssertTrue(plan.contains("MERGE (UNION ALL)"), "\(plan)")
        XCTAssertTrue(plan.contains { $0.hasPrefix("SEARCH x USING PRIMARY KEY (address=?)") }, "\(plan)")
        XCTAssertTrue(plan.contains("SEARCH events USING INTEGER PRIMARY KEY (rowid>?)"), "\(plan)")
        // The one sort is the tail's (the right side of the merge), after the index's rows.
        XCTAssertEqual(plan.filter { $0.contains("TEMP B-TREE") }.count, 1, "\(plan)")
        XCTAssertFalse(plan.contains { $0.hasPrefix("SCAN events") }, "\(plan)")
    }
}
