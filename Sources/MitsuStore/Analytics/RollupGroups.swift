import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#elseif canImport(SQLite3)
import SQLite3
#endif

/// Rows `(key1, key2, detail1, detail2, n)` of a rollup query summed per key in Swift, then the top N
/// picked the way the raw query orders them (count descending, then key1, key2 in SQLite's order).
///
/// SQLite's GROUP BY over a month of password or credential rows (~240,000 at 10 M events) sorts them
/// in a temporary b-tree: ~210 ms, where reading them takes ~35 ms. Rows are read through SQLite's C API.
struct RollupGroups {
    typealias Value = RollupBatch.Value

    struct Group {
        var key1: Value
        var key2: Value
        var detail1: Value?
        var detail2: Value?
        var n: Int64
    }

    private struct Key: Hashable {
        var key1: Value
        var key2: Value
    }

    private var groups: [Key: RollupBatch.Sums] = [:]

    /// nil when a column holds a value the Swift sums do not model (a REAL or a BLOB, or a NULL key): the
    /// caller lets SQLite group then.
    init?(_ db: Database, sql: String, arguments: StatementArguments) throws {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        func value(_ i: Int32) -> Value?? {
            switch sqlite3_column_type(handle, i) {
            case SQLITE_INTEGER: return .some(.int(sqlite3_column_int64(handle, i)))
            case SQLITE_TEXT:
                let count = Int(sqlite3_column_bytes(handle, i))
                guard let base = sqlite3_column_text(handle, i) else { return .some(.text("")) }
                return .some(.text(String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)))
            case SQLITE_NULL: return .some(nil)
            default: return nil
            }
        }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                let message = sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) }
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
            }
            guard let k1 = value(0), let k1, let k2 = value(1), let k2, let d1 = value(2), let d2 = value(3),
                  sqlite3_column_type(handle, 4) == SQLITE_INTEGER
            else { return nil }
            groups[Key(key1: k1, key2: k2), default: RollupBatch.Sums(n: 0)].add(n: sqlite3_column_int64(handle, 4), d1, d2)
        }
    }

    /// The `limit` largest groups, largest first, ties by key.
    func top(_ limit: Int) -> [Group] {
        guard limit > 0 else { return [] }
        func precedes(_ a: Group, _ b: Group) -> Bool {
            if a.n != b.n { return a.n > b.n }
            if a.key1 != b.key1 { return Value.precedes(a.key1, b.key1) }
            return Value.precedes(a.key2, b.key2)
        }
        var best: [Group] = []
        for (key, sums) in groups where sums.n > 0 {
            let g = Group(key1: key.key1, key2: key.key2, detail1: sums.detail1, detail2: sums.detail2, n: sums.n)
            if best.count == limit, let worst = best.last, !precedes(g, worst) { continue }
            best.insert(g, at: best.firstIndex { precedes(g, $0) } ?? best.endIndex)
            if best.count > limit { best.removeLast() }
        }
        return best
    }
}
