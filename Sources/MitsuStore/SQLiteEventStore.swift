import Foundation
import GRDB
import MitsuCore

/// The embedded event store: one SQLite file in WAL mode, so the dashboard reads while the collector
/// writes, with retention by age.
///
/// Thread-safe: GRDB's pool serialises writes on one connection and runs reads concurrently on others.
public final class SQLiteEventStore: Sendable {
    public let path: String
    /// Events older than this many days are removed by `applyRetention`; 0 or less keeps everything.
    public let retentionDays: Int
    let pool: DatabasePool
    let checkpointer: WALCheckpointer
    /// Tail size at which the writer merges new events into the address index (`AddressIndex`).
    let addressMergeRows: Int64
    /// Events the small address table covers before its entries move to the large one.
    let addressFoldRows: Int64

    /// How many rows one retention transaction deletes: small enough that the collector's next batch
    /// never waits long behind a purge of weeks of data, and that the WAL stays small.
    static let purgeChunk = 10_000

    /// Opens the database at `path`, creating it and its schema if needed.
    ///
    /// Throws `StoreError.corruptDatabase` when the file is not an SQLite database or its schema pages are
    /// damaged. Damage elsewhere in the file is found when those pages are read, and then reported by the
    /// call that read them with the same error; `verifyIntegrity()` checks every page up front.
    public convenience init(path: String, retentionDays: Int) throws {
        try self.init(path: path, retentionDays: retentionDays, checkpointer: WALCheckpointer(path: path))
    }

    static let pageSize = 16384

    /// Tests pass a checkpointer with small thresholds and small address-index steps.
    init(path: String, retentionDays: Int, checkpointer: WALCheckpointer,
         addressMergeRows: Int64 = AddressIndex.mergeRows, addressFoldRows: Int64 = AddressIndex.foldRows) throws {
        self.path = path
        self.addressMergeRows = addressMergeRows
        self.addressFoldRows = addressFoldRows
        self.retentionDays = retentionDays
        self.checkpointer = checkpointer
        var configuration = Configuration()
        configuration.label = "MitsuStore"
        configuration.prepareDatabase { db in
            // A new store gets 16 KiB pages (an existing one keeps its size; the pragma is then a no-op):
            // a fifth fewer b-tree splits and WAL frames per row. bench/ingest over 2 M events: 43,000 →
            // 47,700 events/s (8 KiB: 44,500; 32 and 64 KiB: 47,400).
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA page_size = \(Self.pageSize)") }
            // NORMAL is durable across a crash of Mitsu in WAL mode and loses at most the last commits on
            // a power cut, at a fraction of FULL's fsync cost; events also go to events.jsonl.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // Debian builds SQLite with secure_delete on, which zeroes every freed byte: wasted writes
            // for retention purges of data that is neither secret nor shared.
            try db.execute(sql: "PRAGMA secure_delete = OFF")
            // The writer's 64 MiB page cache keeps the hot pages of all six b-trees in memory; readers
            // (dashboard pages) get 16 MiB each. No mmap: a truncated or damaged file under a mapping
            // raises SIGBUS, and a store must report corruption as an error, not die of it.
            try db.execute(sql: db.configuration.readonly ? "PRAGMA cache_size = -16384" : "PRAGMA cache_size = -65536")
            // Checkpoints every 256 MiB of WAL instead of 4 MiB, off the append path: a page rewritten by
            // several batches between two checkpoints (rollups, the address index's merges) is copied
            // into the database once (and fsynced once).
            if !db.configuration.readonly { try checkpointer.install(on: db) }
        }
        // Another process (`mitsu events` from a shell) may hold the write lock for a moment.
        configuration.busyMode = .timeout(5)
        configuration.maximumReaderCount = 4
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try EventsSchema.migrator.migrate(pool)
        } catch {
            throw SQLiteEventStore.storeError(error, path: path)
        }
    }

    /// Stores `events` in one transaction: either all of them are stored or none is.
    /// `lines`, when given, are the events' `EventCodec.encode` forms (the collector encodes each event
    /// once for every destination); `prepared`, when given, is `StoreBatch(events)` made on the caller's
    /// thread. Both must correspond to `events` one to one.
    public func append(_ events: [Event], lines: [[UInt8]]? = nil, prepared: StoreBatch? = nil) throws {
        guard !events.isEmpty else { return }
        precondition(lines == nil || lines?.count == events.count, "one encoded line per event")
        precondition(prepared == nil || prepared?.count == events.count, "a prepared batch of these events")
        let batch = prepared ?? StoreBatch(events)
        try withStoreErrors {
            try pool.write { db in
                // Cached per connection: prepared once, then only rebound for each event.
                let insert = try EventInsertStatement(db)
                // Each event by pointer: an `Event` is some forty fields, and passing one by value or by
                // index copied it (retaining every field) for each call, ~5 % of the writer's time.
                try events.withUnsafeBufferPointer { rows in
                    guard let first = rows.baseAddress else { return }
                    for i in rows.indices {
                        try insert.insert(first + i, source: batch.sources[i], json: lines?[i])
                    }
                }
                // Read before the rollups insert rows of their own.
                let lastID = db.lastInsertedRowID
                try batch.rollups.write(db)
                try AddressIndex.mergeIfDue(db, lastID: lastID, every: addressMergeRows, foldEvery: addressFoldRows)
            }
        }
    }

    /// Events matching `q`, in the order it asks, at most `q.limit` of them.
    public func query(_ q: EventQuery) throws -> [Event] {
        guard q.limit > 0 else { return [] }
        let compiled = try CompiledEventQuery(q)
        return try withStoreErrors {
            try pool.read { db in
                guard let network = compiled.network else {
                    let page = compiled.orderedEvents(newestFirst: q.newestFirst)
                    var events: [Event] = []
                    let rows = try Row.fetchCursor(db, sql: page.sql + " LIMIT ?", arguments: page.arguments + [q.limit])
                    while let row = try rows.next() {
                        // Throwing accessors: a damaged record must become an error, never a trap.
                        events.append(try decode(row.decode(String?.self, atIndex: 1), rowID: row.decode(Int64.self, atIndex: 0)))
                    }
                    return events
                }
                // Two passes so that the sort, when SQLite needs one, carries (id, src_ip) and not every
                // candidate's JSON: a /16 can match far more rows than the page shows.
                var ids: [Int64] = []
                let sql = "SELECT events.id, src_ip FROM \(compiled.source) \(compiled.whereClause) "
                    + compiled.orderClause(newestFirst: q.newestFirst)
                let rows = try Row.fetchCursor(db, sql: sql, arguments: compiled.arguments)
                while ids.count < q.limit, let row = try rows.next() {
                    guard let ip = try row.decode(String?.self, atIndex: 1), let address = IPAddress(ip),
                          network.contains(address)
                    else { continue }
                    ids.append(try row.decode(Int64.self, atIndex: 0))
                }
                return try fetchEvents(db, ids: ids)
            }
        }
    }

    /// The events with these row ids, in the order of `ids`.
    private func fetchEvents(_ db: Database, ids: [Int64]) throws -> [Event] {
        var json: [Int64: String] = [:]
        // SQLite caps bound parameters (32,766 by default); stay far below.
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let rows = try Row.fetchCursor(db, sql: "SELECT id, json FROM events WHERE id IN (\(placeholders))",
                                           arguments: StatementArguments(chunk))
            while let row = try rows.next() {
                json[try row.decode(Int64.self, atIndex: 0)] = try row.decode(String?.self, atIndex: 1)
            }
        }
        return try ids.map { try decode(json[$0], rowID: $0) }
    }

    /// How many events match `q` (its `limit` and order are ignored).
    public func count(_ q: EventQuery) throws -> Int {
        let compiled = try CompiledEventQuery(q)
        return try withStoreErrors {
            try pool.read { db in
                guard let network = compiled.network else {
                    return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(compiled.source) \(compiled.whereClause)",
                                            arguments: compiled.arguments) ?? 0
                }
                var n = 0
                let ips = try String?.fetchCursor(db, sql: "SELECT src_ip FROM \(compiled.source) \(compiled.whereClause)",
                                                  arguments: compiled.arguments)
                while let ip = try ips.next() {
                    if let ip, let address = IPAddress(ip), network.contains(address) { n += 1 }
                }
                return n
            }
        }
    }

    /// Deletes every event older than `before`; returns how many were deleted.
    @discardableResult
    public func purge(before: Timestamp) throws -> Int {
        var total = 0
        while true {
            let deleted = try withStoreErrors {
                try pool.write { db in
                    // The chunk's ids are collected first so that the rollups lose exactly the rows deleted.
                    try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS purged_ids (id INTEGER PRIMARY KEY)")
                    try db.execute(sql: "DELETE FROM temp.purged_ids")
                    try db.execute(sql: "INSERT INTO temp.purged_ids SELECT id FROM events WHERE ts < ? LIMIT ?",
                                   arguments: [before.millisecondsSince1970, SQLiteEventStore.purgeChunk])
                    try Rollups.apply(db, selection: "events.id IN (SELECT id FROM temp.purged_ids)", sign: -1)
                    try AddressChunks.subtractPurged(db)
                    try RollupAddresses.notePurgedAddresses(db)
                    try AddressIndex.removePurged(db)
                    try db.execute(sql: "DELETE FROM events WHERE id IN (SELECT id FROM temp.purged_ids)")
                    let n = db.changesCount
                    try RollupAddresses.dropPurgedAddresses(db)
                    try SessionSpans.dropEmpty(db)
                    try AddressChunks.dropEmptyBuckets(db)
                    try db.execute(sql: "DELETE FROM temp.purged_ids")
                    if n < SQLiteEventStore.purgeChunk {
                        try Rollups.rebuild(db, bucketContaining: before.millisecondsSince1970)
                    }
                    return n
                }
            }
            total += deleted
            if deleted < SQLiteEventStore.purgeChunk { return total }
        }
    }

    /// Deletes events older than `retentionDays` before `now`; returns how many were deleted.
    @discardableResult
    public func applyRetention(now: Timestamp = .now()) throws -> Int {
        guard retentionDays > 0 else { return 0 }
        return try purge(before: now.adding(milliseconds: -Int64(retentionDays) * 86_400_000))
    }

    /// Reads every page (`PRAGMA quick_check`): slow on a large store, so it is not done on open, but it is
    /// what `mitsu` runs when asked to check the data directory.
    public func verifyIntegrity() throws {
        let problems = try withStoreErrors {
            try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(20)") }
        }
        guard problems == ["ok"] else {
            throw StoreError.corruptDatabase(path: path, detail: problems.joined(separator: "; "))
        }
    }

    private func decode(_ json: String?, rowID: Int64) throws -> Event {
        do {
            return try EventCodec.decode(Array((json ?? "").utf8))
        } catch {
            throw StoreError.undecodableEvent(path: path, rowID: rowID, detail: "\(error)")
        }
    }

    func withStoreErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw SQLiteEventStore.storeError(error, path: path)
        }
    }

    /// Maps SQLite's result codes to the operator's vocabulary: CORRUPT and NOTADB both mean "this file
    /// cannot be trusted", whatever page the damage was found on.
    static func storeError(_ error: any Error, path: String) -> any Error {
        switch error {
        case let error as StoreError:
            return error
        case let error as DatabaseError:
            let detail = error.message ?? "\(error.resultCode)"
            switch error.resultCode.primaryResultCode {
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return StoreError.corruptDatabase(path: path, detail: detail)
            default:
                return StoreError.database(path: path, detail: "\(detail) (\(error.resultCode))")
            }
        case let error as RowDecodingError:
            // Only this store writes the file, always with the schema's types: a value of another type
            // is damage that SQLite's page checks cannot see.
            return StoreError.corruptDatabase(path: path, detail: "unexpected value: \(error)")
        default:
            return StoreError.database(path: path, detail: "\(error)")
        }
    }
}
