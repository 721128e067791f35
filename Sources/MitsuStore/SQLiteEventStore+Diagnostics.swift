import GRDB

/// Raw SQL access for tests and for `mitsu` maintenance commands: checks that the schema really is what
/// the store relies on (WAL mode, indexes) without exposing GRDB in the public API.
extension SQLiteEventStore {
    /// One column of every row `sql` returns, as text (numbers and NULL in their SQL spelling).
    func fetchStrings(sql: String, column: Int = 0) throws -> [String] {
        try withStoreErrors {
            try pool.read { db in
                try Row.fetchAll(db, sql: sql).map { row in
                    let value: DatabaseValue = row[column]
                    return String.fromDatabaseValue(value) ?? value.description
                }
            }
        }
    }

    /// Runs `sql` on the writer connection, outside a transaction (a WAL checkpoint cannot run inside one).
    func execute(sql: String) throws {
        try withStoreErrors {
            try pool.writeWithoutTransaction { db in try db.execute(sql: sql) }
        }
    }
}
