import GRDB
import MitsuCore
#if canImport(GRDBSQLite)
import GRDBSQLite
#elseif canImport(SQLite3)
import SQLite3
#endif

/// The address-index entries (address, time, event id) of the rows above the mark (`AddressIndex`), kept
/// in the writer's memory as it inserts them, so that a merge sorts them here instead of having SQLite
/// read the tail's rows back from the `events` table and sort them: the merges were 7 % of the
/// collector's CPU under bench/ingest, all on the store's serial writer thread.
///
/// Only ever an optimisation: the entries are used when they provably are the whole tail — this store
/// inserted every row since the mark, in one contiguous run of row ids — and otherwise the merge reads
/// the table as before (after a start, a purge, or another process's insert). They change only when a
/// transaction commits, so a rolled-back batch leaves no entries behind.
final class AddressTail: @unchecked Sendable {
    // @unchecked: touched only inside `pool.write`, which GRDB runs one at a time on the writer's queue.
    struct Entry {
        var address: String
        var at: Int64
        var id: Int64
    }

    /// The mark the entries start above; nil while they are not known to be the whole tail.
    private var base: Int64?
    /// The last row id they cover.
    private var last: Int64 = 0
    private(set) var entries: [Entry] = []

    /// Merges done from these entries rather than by reading the table (tests).
    private(set) var mergesFromMemory = 0

    /// Before a batch's first row (`firstID`): the entries stay whole when the row follows their last
    /// one (no other writer's rows in between), and become whole when nothing is above the mark yet (a
    /// new row takes the largest id + 1, so `firstID == mark + 1` means the tail is empty).
    func begin(firstID: Int64, mark: () throws -> Int64) rethrows {
        if base != nil {
            if last + 1 == firstID { return }
            invalidate()
        }
        let m = try mark()
        if firstID == m + 1 { reset(mark: m) }
    }

    /// A row this store just inserted.
    func add(address: String?, at: Int64, id: Int64) {
        guard base != nil else { return }
        last = id
        if let address { entries.append(Entry(address: address, at: at, id: id)) }
    }

    /// The entries when they are the whole tail above `mark`.
    func whole(mark: Int64) -> [Entry]? {
        base == mark ? entries : nil
    }

    /// After a merge moved the mark to `mark` (`fromMemory`: these entries were what it inserted), or
    /// when nothing is above `mark`: no entries.
    func reset(mark: Int64, fromMemory: Bool = false) {
        if fromMemory { mergesFromMemory += 1 }
        base = mark
        last = mark
        entries = []
    }

    /// A failed transaction, or a purge: the entries may no longer match the table.
    func invalidate() {
        base = nil
        entries = []
    }

    /// Inserts `entries` into `table` in key order (address bytes, as SQLite's BINARY collation orders
    /// text, then time and id), so that the b-tree is walked once, as `INSERT … ORDER BY` did.
    static func insertSorted(_ entries: [Entry], into table: String, _ db: Database) throws {
        let sorted = entries.sorted { a, b in
            if a.address != b.address { return a.address.utf8.lexicographicallyPrecedes(b.address.utf8) }
            return a.at != b.at ? a.at < b.at : a.id < b.id
        }
        let insert = RawStatement(try db.cachedStatement(sql: "INSERT INTO \(table) (address, at, event_id) VALUES (?, ?, ?)"))
        for e in sorted {
            try insert.run { s in
                s.bind(1, e.address)
                s.bind(2, e.at)
                s.bind(3, e.id)
            }
        }
    }
}
