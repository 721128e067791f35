import GRDB
import MitsuCore

/// What a reconnecting live page missed: the SSE stream's `Last-Event-ID` is a row id.
extension EventReader {
    /// The newest `limit` events stored after row `id`, oldest first. When more than `limit` were stored
    /// since, the oldest of them are left out (a browser away for an hour gets the last few hundred, not
    /// everything).
    public func latestEvents(after id: Int64, limit: Int) throws -> [StoredEvent] {
        guard limit > 0 else { return [] }
        return try read { db in
            var out: [StoredEvent] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT id, json FROM events WHERE id > ? ORDER BY id DESC LIMIT ?",
                                           arguments: [id, limit])
            while let row = try rows.next() {
                let rowID = try row.decode(Int64.self, atIndex: 0)
                let json = try row.decode(String?.self, atIndex: 1) ?? ""
                out.append(StoredEvent(id: rowID, event: try decode(json, rowID: rowID), json: json))
            }
            return Array(out.reversed())
        }
    }

}
