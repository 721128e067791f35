import Foundation
import GRDB
import MitsuCore
@testable import MitsuStore
import XCTest

/// Distinct sessions of any time range from `rollup_session_spans`, held to the raw
/// `COUNT(DISTINCT session)`: ranges that end before the newest event, sessions under way at a range's
/// end (short ones, and ones longer than `SessionSpans.longSession` with a gap over the whole range),
/// batches that arrive out of order, purges, and a store upgraded from the table that kept only the
/// newest event.
final class SessionSpansTests: XCTestCase {
    private var dir: TemporaryDirectory!
    private var store: SQLiteEventStore!
    private let t0 = ts("2026-11-20T00:00:00.000Z")

    private func at(_ minutes: Int) -> Timestamp { t0.adding(milliseconds: Int64(minutes) * 60_000) }

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        store = try SQLiteEventStore(path: dir.file("mitsu.sqlite"), retentionDays: 0)
    }

    private func event(_ session: Int, at minutes: Int) -> Event {
        var e = Event(kind: .payload, honeypot: "trap", session: SessionID(String(format: "%012x", session)), timestamp: at(minutes))
        e.srcIP = session % 2 == 0 ? "192.0.2.\(session % 200)" : "2001:db8::\(String(session, radix: 16))"
        return e
    }

    /// 400 sessions over three days: most a few minutes long, some hours long, some with one event
    /// before and one long after a quiet gap; the batches are shuffled, so spans grow at both ends.
    private func fill() throws -> [Event] {
        var generator = SplitMix64(seed: 7)
        var events: [Event] = []
        for s in 0..<400 {
            let start = Int(generator.next() % 4_300)
            let minutes: [Int]
            switch s % 10 {
            case 0: minutes = [start, start + 61, start + 250]           // longer than an hour, gaps over an hour
            case 1: minutes = [start, start + 59]                        // just short of an hour
            case 2: minutes = [start, start + 60]                        // exactly an hour: short
            case 3: minutes = [start, start + 1_440 + Int(generator.next() % 600)]   // a day's gap
            default: minutes = (0..<(1 + Int(generator.next() % 5))).map { start + $0 * Int(1 + generator.next() % 7) }
            }
            events += minutes.map { event(s, at: $0) }
        }
        events.shuffle(using: &generator)
        for start in stride(from: 0, to: events.count, by: 97) {
            try store.append(Array(events[start..<min(start + 97, events.count)]))
        }
        return events
    }

    private func scan(_ r: EventReader, from: Int64, until: Int64?) throws -> Int {
        try r.read { db in
            if let until {
                return try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT session) FROM events WHERE ts >= ? AND ts < ?", arguments: [from, until]) ?? 0
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT session) FROM events WHERE ts >= ?", arguments: [from]) ?? 0
        }
    }

    private func assertEveryRangeMatchesTheScan(_ r: EventReader, file: StaticString = #filePath, line: UInt = #line) throws {
        var checked = 0, nonZero = 0
        for from in stride(from: -120, through: 6_000, by: 173) {
            for length in [1, 30, 59, 60, 61, 200, 1_440, 2_000, 10_000] {
                let f = at(from).millisecondsSince1970, u = at(from + length).millisecondsSince1970
                let expected = try scan(r, from: f, until: u)
                XCTAssertEqual(try r.read { try SessionSpans.count($0, from: f, until: u) }, expected,
                               "[\(from), \(from + length)) min", file: file, line: line)
                checked += 1
                if expected > 0 { nonZero += 1 }
            }
            let f = at(from).millisecondsSince1970
            XCTAssertEqual(try r.read { try SessionSpans.count($0, from: f, until: nil) }, try scan(r, from: f, until: nil), file: file, line: line)
        }
        // Most ranges hold sessions (a quarter even after the last purge), so the comparison says something.
        XCTAssertGreaterThan(nonZero, checked / 4, file: file, line: line)
    }

    func testEveryRangeCountsWhatTheScanCounts() throws {
        let events = try fill()
        let r = try EventReader(path: dir.file("mitsu.sqlite"))
        try assertEveryRangeMatchesTheScan(r)
        // The spans are each session's oldest and newest event, whatever order the batches came in.
        var spans: [String: (Int64, Int64)] = [:]
        for e in events {
            let id = e.session!.rawValue, t = e.timestamp.millisecondsSince1970
            spans[id] = (min(spans[id]?.0 ?? t, t), max(spans[id]?.1 ?? t, t))
        }
        XCTAssertEqual(try store.fetchStrings(sql: "SELECT session || ' ' || first_ts || ' ' || last_ts FROM rollup_session_spans ORDER BY 1"),
                       spans.map { "\($0.key) \($0.value.0) \($0.value.1)" }.sorted())
        // Long sessions are in the partial index; the query must use it (a full scan would be slow, not wrong).
        XCTAssertEqual(try store.fetchStrings(sql: "SELECT COUNT(*) FROM rollup_session_spans INDEXED BY rollup_session_spans_long WHERE last_ts - first_ts > 3600000"),
                       [String(spans.values.filter { $0.1 - $0.0 > 3_600_000 }.count)])
        // Through the overview's totals: ranges with whole buckets, ending long before the newest event.
        for (from, until) in [(0, 1_440), (700, 900), (-60, 3_000), (1_000, 1_061)] {
            let f = EventFilter(since: at(from), until: at(until))
            XCTAssertNotNil(RollupSpan(f))
            XCTAssertEqual(try r.totals(f), try r.scanTotals(f), "[\(from), \(until))")
        }
    }

    /// A session with events before and after the whole range and none in it is not counted; one
    /// event inside makes it count.
    func testASessionSpanningTheRangeCountsOnlyWithAnEventInIt() throws {
        try store.append([event(1, at: 0), event(1, at: 500), event(2, at: 10), event(2, at: 20)])
        let r = try EventReader(path: dir.file("mitsu.sqlite"))
        let f = at(100).millisecondsSince1970, u = at(200).millisecondsSince1970
        XCTAssertEqual(try r.read { try SessionSpans.count($0, from: f, until: u) }, 0)
        try store.append([event(1, at: 150)])
        XCTAssertEqual(try r.read { try SessionSpans.count($0, from: f, until: u) }, 1)
        // A short session under way at the range's end.
        try store.append([event(3, at: 190), event(3, at: 210)])
        XCTAssertEqual(try r.read { try SessionSpans.count($0, from: f, until: u) }, 2)
        XCTAssertEqual(try r.read { try SessionSpans.count($0, from: u, until: f) }, 0)
    }

    func testPurgesKeepTheCountsExact() throws {
        _ = try fill()
        let r = try EventReader(path: dir.file("mitsu.sqlite"))
        for cutoff in [300, 1_500, 2_900] {
            XCTAssertGreaterThan(try store.purge(before: at(cutoff)), 0)
            try assertEveryRangeMatchesTheScan(r)
            // No row is left for a session without events.
            XCTAssertEqual(try store.fetchStrings(sql: "SELECT COUNT(*) FROM rollup_session_spans"),
                           try store.fetchStrings(sql: "SELECT COUNT(DISTINCT session) FROM events"))
        }
    }

    /// A store written by the previous version had `rollup_sessions` (newest event only): the migration
    /// replaces it with spans built from the events.
    func testAStoreWithTheNewestEventTableGainsSpans() throws {
        _ = try fill()
        let spans = "SELECT session || ' ' || first_ts || ' ' || last_ts FROM rollup_session_spans ORDER BY 1"
        let written = try store.fetchStrings(sql: spans)
        try store.execute(sql: """
            DROP TABLE rollup_session_spans;
            CREATE TABLE rollup_sessions (session TEXT PRIMARY KEY, last_ts INTEGER NOT NULL) WITHOUT ROWID;
            CREATE INDEX rollup_sessions_last ON rollup_sessions(last_ts);
            INSERT INTO rollup_sessions SELECT session, MAX(ts) FROM events GROUP BY session;
            DELETE FROM grdb_migrations WHERE identifier = 'v3: session spans'
            """)
        store = nil
        store = try SQLiteEventStore(path: dir.file("mitsu.sqlite"), retentionDays: 0)
        XCTAssertEqual(try store.fetchStrings(sql: "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'rollup_sessions%'"), ["0"])
        XCTAssertEqual(try store.fetchStrings(sql: spans), written)
        XCTAssertEqual(written.count, 400)
    }
}
