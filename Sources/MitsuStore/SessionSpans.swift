import GRDB

/// Each session's oldest and newest stored event (`rollup_session_spans`), kept by the writer beside the
/// rollups so that the distinct sessions of any time range are counted without reading its events.
///
/// A session has an event in [from, until) exactly when
/// 1. its newest event is in the range (one index range count), or
/// 2. it was under way at `until` (oldest event before it, newest at or after it) and one of its events is
///    in the range (one `events_session` lookup per such session).
///
/// The sessions under way at a moment are few, but an index of oldest or newest events alone cannot find
/// them without reading everything before or after the moment. So the table is split by length: a session
/// shorter than `longSession` that is under way at `until` has its newest event less than `longSession`
/// after it, a short range of the newest-event index; longer sessions (rare: a held-open trap connection,
/// an idle shell) have a partial index of their own and are all looked at.
///
/// Exact under retention. A purge deletes the oldest events, so `last_ts` is always a stored event's
/// time (or the row goes with its last event); `first_ts` can be older than the session's oldest
/// remaining event, which only widens set 2's candidates, and the lookup decides. Events that arrive out
/// of order move `first_ts` down and `last_ts` up.
enum SessionSpans {
    /// Sessions longer than this are found through `rollup_session_spans_long`. An hour: the dashboard's
    /// shortest preset, and far beyond the honeypots' default idle timeouts.
    static let longSession: Int64 = 3_600_000

    static let createSQL = """
        CREATE TABLE rollup_session_spans (
            session TEXT PRIMARY KEY,
            first_ts INTEGER NOT NULL,
            last_ts INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX rollup_session_spans_last ON rollup_session_spans(last_ts);
        CREATE INDEX rollup_session_spans_long ON rollup_session_spans(first_ts, last_ts)
            WHERE last_ts - first_ts > \(longSession);
        """

    /// A session's later batches rarely move its span: the WHERE skips the no-op update (and the index
    /// rewrite it would cost).
    static let upsertSQL = """
        INSERT INTO rollup_session_spans (session, first_ts, last_ts) VALUES (?, ?, ?)
        ON CONFLICT (session) DO UPDATE SET first_ts = MIN(first_ts, excluded.first_ts), last_ts = MAX(last_ts, excluded.last_ts)
        WHERE excluded.last_ts > last_ts OR excluded.first_ts < first_ts
        """

    /// Fills the table from every stored event (the migration).
    static func backfill(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO rollup_session_spans (session, first_ts, last_ts)
            SELECT session, MIN(ts), MAX(ts) FROM events NOT INDEXED WHERE session IS NOT NULL GROUP BY session
            """)
    }

    /// After a purge deleted the oldest events: a session whose newest event is older than every
    /// remaining event has none left.
    static func dropEmpty(_ db: Database) throws {
        try db.execute(sql: """
            DELETE FROM rollup_session_spans WHERE last_ts < COALESCE((SELECT MIN(ts) FROM events), 9223372036854775807)
            """)
    }

    /// The sessions with an event at or after `from` and before `until` (nil: no end).
    static func count(_ db: Database, from: Int64, until: Int64?) throws -> Int {
        let newest = try Int64.fetchOne(db, sql: "SELECT MAX(last_ts) FROM rollup_session_spans")
        guard let until, let newest, newest >= until else {
            // The range reaches the newest event (every dashboard preset): only set 1, without an upper
            // bound, which SQLite counts faster than a bounded range (1.5 M sessions: 55 vs 75 ms).
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rollup_session_spans WHERE last_ts >= ?", arguments: [from]) ?? 0
        }
        guard from < until else { return 0 }
        let (end, overflow) = until.addingReportingOverflow(longSession)
        let hasEventInRange = """
            EXISTS (SELECT 1 FROM events INDEXED BY events_session
                    WHERE events.session = s.session AND events.ts >= :from AND events.ts < :until)
            """
        let sql = """
            SELECT (SELECT COUNT(*) FROM rollup_session_spans WHERE last_ts >= :from AND last_ts < :until)
                 + (SELECT COUNT(*) FROM rollup_session_spans AS s INDEXED BY rollup_session_spans_last
                    WHERE last_ts >= :until AND last_ts < :end AND first_ts < :until
                      AND last_ts - first_ts <= \(longSession) AND \(hasEventInRange))
                 + (SELECT COUNT(*) FROM rollup_session_spans AS s INDEXED BY rollup_session_spans_long
                    WHERE last_ts - first_ts > \(longSession) AND first_ts < :until AND last_ts >= :until
                      AND \(hasEventInRange))
            """
        return try Int.fetchOne(db, sql: sql, arguments: ["from": from, "until": until,
                                                          "end": overflow ? Int64.max : end]) ?? 0
    }
}
