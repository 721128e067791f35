import GRDB

/// Events by source address: two tables of (address, time, event id), kept apart from `events` and
/// written in bulk, plus the tail of newest events that they do not cover yet.
///
/// Why not an index on `events(src_ip, ts)`: each event's entry lands at a random place in it, so a
/// batch of a few thousand events from as many addresses dirtied one b-tree page per address, and the
/// WAL took a 16 KiB frame for each. Over 2 M events that was a third of the writer's time (bench/ingest:
/// 45,500 events/s with it, 65,900 without). Here the events above the mark (`store_marks`) are the
/// tail, read by a row-id range scan; once it holds `mergeRows` events the writer copies their entries
/// into `src_ip_recent` in address order, in the transaction of the batch that filled it.
///
/// Why two tables: a merge dirties about one leaf page per distinct address, up to every page of the
/// table it goes into. Into one table that grows with the store, each merge rewrote most of it (bench/
/// ingest over 1 M events: 14–19 % of the run). `src_ip_recent` stays small (at most `foldRows` entries),
/// so merges into it are cheap, and every `foldRows` events its entries move to `src_ip_index` in one
/// sorted pass: the large table is rewritten 16 times less often. Tables and marks change together in
/// one transaction, so a reader's snapshot sees every event exactly once: in a table or in the tail.
enum AddressIndex {
    /// Events in the tail before the writer merges it (the store's default; tests pass less): scanning a
    /// tail of this size costs a filtered query ~10 ms.
    static let mergeRows: Int64 = 32_768
    /// Events `src_ip_recent` covers before its entries are folded into `src_ip_index`.
    static let foldRows: Int64 = 16 * mergeRows

    /// Where entries live, large table first; every query reads all of them and the tail.
    static let tables = ["src_ip_index", "src_ip_recent"]

    static let markName = "src_ip_index"
    /// The last event id whose entry is in `src_ip_index` itself (the rest up to the mark are in
    /// `src_ip_recent`).
    static let foldedMarkName = "src_ip_folded"
    /// The last event id covered by the tables, as an SQL expression.
    static let markSQL = "(SELECT value FROM store_marks WHERE name = '\(markName)')"

    private static func createTable(_ name: String) -> String {
        """
        CREATE TABLE \(name) (address TEXT NOT NULL, at INTEGER NOT NULL, event_id INTEGER NOT NULL,
                               PRIMARY KEY (address, at, event_id)) WITHOUT ROWID;
        """
    }

    /// Migration v4: the table from every stored event, then the per-row index goes.
    static func migrate(_ db: Database) throws {
        try db.execute(sql: createTable("src_ip_index") + """
            CREATE TABLE store_marks (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
            INSERT INTO store_marks (name, value) VALUES ('\(markName)', 0);
            """)
        // Read through the old index, which holds the entries in this very order (rowid last): no sort
        // of every stored event in memory (temp_store is MEMORY).
        let last = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM events") ?? 0
        try merge(db, through: last, into: "src_ip_index", reading: "events INDEXED BY events_src_ip_ts")
        try db.execute(sql: "DROP INDEX events_src_ip_ts")
    }

    /// Migration v5: the small table; everything indexed so far is in the large one.
    static func migrateRecent(_ db: Database) throws {
        try db.execute(sql: createTable("src_ip_recent") + """
            INSERT INTO store_marks (name, value) SELECT '\(foldedMarkName)', value FROM store_marks WHERE name = '\(markName)';
            """)
    }

    /// Called by the writer after each batch, in its transaction; `lastID` is the batch's last row id.
    static func mergeIfDue(_ db: Database, lastID: Int64, every rows: Int64, foldEvery fold: Int64) throws {
        let marks = try db.cachedStatement(sql: "SELECT value FROM store_marks WHERE name = ?")
        let mark = try Int64.fetchOne(marks, arguments: [markName]) ?? 0
        guard lastID - mark >= rows else { return }
        try merge(db, through: lastID, into: "src_ip_recent")
        let folded = try Int64.fetchOne(marks, arguments: [foldedMarkName]) ?? 0
        if lastID - folded >= fold {
            // The small table is already in key order: one ordered pass over the large one.
            try db.execute(sql: """
                INSERT INTO src_ip_index (address, at, event_id) SELECT address, at, event_id FROM src_ip_recent;
                DELETE FROM src_ip_recent;
                UPDATE store_marks SET value = ? WHERE name = ?;
                """, arguments: [lastID, foldedMarkName])
        }
    }

    /// Moves the tail up to `lastID` into `table`, sorted so that the b-tree is walked once. `events`
    /// names the table as the FROM clause reads it (the migration reads through an index).
    static func merge(_ db: Database, through lastID: Int64, into table: String, reading events: String = "events") throws {
        try db.execute(sql: """
            INSERT INTO \(table) (address, at, event_id)
            SELECT src_ip, ts, id FROM \(events) WHERE id > \(markSQL) AND id <= ? AND src_ip IS NOT NULL
            ORDER BY src_ip, ts, id
            """, arguments: [lastID])
        try db.execute(sql: "UPDATE store_marks SET value = ? WHERE name = ?", arguments: [lastID, markName])
    }

    /// The entries of `temp.purged_ids`' events; called before those events are deleted. Events of the
    /// tail have none, and the statement finds none for them.
    static func removePurged(_ db: Database) throws {
        for table in tables {
            try db.execute(sql: """
                DELETE FROM \(table) WHERE (address, at, event_id) IN (
                    SELECT src_ip, ts, id FROM events WHERE id IN (SELECT id FROM temp.purged_ids) AND src_ip IS NOT NULL)
                """)
        }
    }
}

/// A source-address filter's index part: which `src_ip_index` keys hold the candidates (one address or
/// a text range), which the tail's rows must match, and the time bounds that narrow both.
struct AddressLookup {
    /// Over `src_ip_index`: `address = ?` or `address >= ? AND address < ?`.
    var keyCondition: String
    /// The same over `events`' own column, for the tail.
    var columnCondition: String
    var keys: [String]
    var since: Int64?
    var until: Int64?

    init(address: String) {
        keyCondition = "address = ?"
        columnCondition = "src_ip = ?"
        keys = [address]
    }

    init(from lower: String, below upper: String) {
        keyCondition = "address >= ? AND address < ?"
        columnCondition = "src_ip >= ? AND src_ip < ?"
        keys = [lower, upper]
    }

    /// The key and time conditions over `src_ip_index` (`time` names its time column) and their arguments.
    private func conditions(_ key: String, time: String) -> (sql: String, arguments: [(any DatabaseValueConvertible)?]) {
        var sql = key
        var arguments: [(any DatabaseValueConvertible)?] = keys
        if let since { sql += " AND \(time) >= ?"; arguments.append(since) }
        if let until { sql += " AND \(time) < ?"; arguments.append(until) }
        return (sql, arguments)
    }

    private var indexConditions: (sql: String, arguments: [(any DatabaseValueConvertible)?]) {
        conditions(keyCondition, time: "at")
    }

    /// A FROM clause that yields the events of the address (range) in the time bounds as `events`: the
    /// ids from the table and from the tail drive a row-id lookup (CROSS JOIN fixes that order; SQLite's
    /// planner would otherwise prefer the ts or honeypot index and test every row in range against the
    /// address).
    var source: (sql: String, arguments: [(any DatabaseValueConvertible)?]) {
        let index = indexConditions
        let tail = conditions(columnCondition, time: "ts")
        let tables = AddressIndex.tables.map { "SELECT event_id FROM \($0) WHERE \(index.sql)" }
        return ("""
            (\(tables.joined(separator: " UNION ALL ")) \
            UNION ALL SELECT id FROM events NOT INDEXED WHERE id > \(AddressIndex.markSQL) AND \(tail.sql)) \
            AS picked CROSS JOIN events ON events.id = picked.event_id
            """, AddressIndex.tables.flatMap { _ in index.arguments } + tail.arguments)
    }

    /// `SELECT id, ts, json` of the events matching `conditions` (over `events`' columns, which must
    /// include this lookup's own), in time order, merged from the table (read in its key order, so a page
    /// of an address's events stops after the page) and the sorted tail. The caller appends LIMIT.
    func orderedPage(conditions: String, arguments: [(any DatabaseValueConvertible)?], newestFirst: Bool)
        -> (sql: String, arguments: [(any DatabaseValueConvertible)?]) {
        let index = indexConditions
        let direction = newestFirst ? "DESC" : "ASC"
        let tables = AddressIndex.tables.map {
            "SELECT x.event_id AS id, x.at AS ts, events.json AS json FROM \($0) AS x "
                + "CROSS JOIN events ON events.id = x.event_id WHERE \(index.sql) AND \(conditions)"
        }
        return ("""
            \(tables.joined(separator: " UNION ALL ")) \
            UNION ALL SELECT id, ts, json FROM events NOT INDEXED WHERE id > \(AddressIndex.markSQL) AND \(conditions) \
            ORDER BY ts \(direction), id \(direction)
            """, AddressIndex.tables.flatMap { _ in index.arguments + arguments } + arguments)
    }
}
