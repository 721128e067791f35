import GRDB
import MitsuCore

/// Pages of events: the explore table, a session's events, the attacker page, exports and the live feed.
extension EventReader {
    /// Events matching `filter`, newest first unless asked otherwise, skipping `offset` rows.
    public func events(_ filter: EventFilter, limit: Int = 100, offset: Int = 0, newestFirst: Bool = true) throws -> [StoredEvent] {
        guard limit > 0 else { return [] }
        let compiled = try CompiledFilter(filter)
        let page = compiled.orderedEvents(newestFirst: newestFirst)
        return try read { db in
            try fetch(db, sql: page.sql + " LIMIT ? OFFSET ?", arguments: page.arguments + [limit, max(0, offset)])
        }
    }

    /// How many events match `filter`.
    public func count(_ filter: EventFilter) throws -> Int {
        let compiled = try CompiledFilter(filter)
        return try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(compiled.source) \(compiled.whereClause)", arguments: compiled.arguments) ?? 0
        }
    }

    /// One event by row id, or nil.
    public func event(id: Int64) throws -> StoredEvent? {
        try read { db in try fetch(db, sql: "SELECT id, json FROM events WHERE id = ?", arguments: [id]).first }
    }

    /// Events stored after row `id`, oldest first: what the live feed polls for.
    public func events(after id: Int64, limit: Int = 500) throws -> [StoredEvent] {
        try read { db in
            try fetch(db, sql: "SELECT id, json FROM events WHERE id > ? ORDER BY id ASC LIMIT ?", arguments: [id, limit])
        }
    }

    /// The highest row id stored so far (0 for an empty store).
    public func lastID() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM events") ?? 0 }
    }

    private func fetch(_ db: Database, sql: String, arguments: StatementArguments) throws -> [StoredEvent] {
        var out: [StoredEvent] = []
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            let id = try row.decode(Int64.self, atIndex: 0)
            let json = try row.decode(String?.self, atIndex: 1) ?? ""
            out.append(StoredEvent(id: id, event: try decode(json, rowID: id), json: json))
        }
        return out
    }
}
