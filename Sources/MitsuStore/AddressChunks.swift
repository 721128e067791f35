import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#elseif canImport(SQLite3)
import SQLite3
#endif

/// `rollup_src_ip_chunks`: how many events each source address sent in each half-hour and each UTC day,
/// as packed blobs of (address id, count) pairs, the ids being `rollup_src_ips.id`.
///
/// Why blobs and not a row per (bucket, address) like the other dimensions: with a new address in
/// nearly every bucket (scanners), a day of traffic is ~300,000 such rows at 10 M events a month; SQLite
/// took 0.34–0.65 s to group them for a 24-hour top-N, and a week was seconds. The same counts as
/// (id delta, count) varints are ~2 bytes a pair, and summing them into an array indexed by id is a few
/// nanoseconds a pair, so a week (~2.3 M pairs on that store) is read in tens of milliseconds. For the
/// writer it is one blob insert per (level, bucket) per batch instead of an upsert per address.
///
/// A bucket's counts are the sum of its chunks: the writer appends one per batch, a purge appends one
/// with negative counts, and once a bucket has `compactAt` chunks they are merged into one, so a bucket
/// costs a reader a handful of blobs and the writer, amortised, one pass over the bucket per `compactAt`
/// batches. Counts are signed so that the sum is exact after every transaction.
enum AddressChunks {
    static let createSQL = """
        CREATE TABLE rollup_src_ip_chunks (width INTEGER NOT NULL, bucket INTEGER NOT NULL, counts BLOB NOT NULL);
        CREATE INDEX rollup_src_ip_chunks_bucket ON rollup_src_ip_chunks(width, bucket);
        """

    static let compactAt = 16

    /// Half-hour bucket → address id → events.
    typealias HalfHourCounts = [Int64: [Int64: Int64]]

    // MARK: Encoding

    /// Pairs sorted by id, each as varint(id − previous id) and varint(zigzag(count)); zero counts left out.
    static func encode(_ counts: [Int64: Int64]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(counts.count * 3)
        var previous: Int64 = 0
        for (id, n) in counts.sorted(by: { $0.key < $1.key }) where n != 0 {
            putVarint(UInt64(bitPattern: id &- previous), &out)
            putVarint(UInt64(bitPattern: (n << 1) ^ (n >> 63)), &out)
            previous = id
        }
        return out
    }

    private static func putVarint(_ value: UInt64, _ out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// Calls `body(id, count)` for every pair; false when the bytes are not a chunk (damage).
    @inline(__always)
    static func decode(_ bytes: UnsafeRawBufferPointer, _ body: (Int64, Int64) -> Void) -> Bool {
        var i = 0
        let end = bytes.count
        var id: Int64 = 0
        func varint() -> UInt64? {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while i < end, shift < 64 {
                let byte = bytes[i]
                i += 1
                result |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return result }
                shift += 7
            }
            return nil
        }
        while i < end {
            guard let delta = varint(), let zigzag = varint() else { return false }
            id = id &+ Int64(bitPattern: delta)
            body(id, Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1))
        }
        return true
    }

    /// Every chunk of rows `width = ? AND bucket >= ? AND bucket < ?` decoded into `body`, read through
    /// SQLite's C API so that no blob is copied.
    static func forEachCount(_ db: Database, width: Int64, from: Int64, to: Int64, _ body: (Int64, Int64) -> Void) throws {
        let statement = try db.cachedStatement(sql: "SELECT counts FROM rollup_src_ip_chunks WHERE width = ? AND bucket >= ? AND bucket < ?")
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        sqlite3_bind_int64(handle, 1, width)
        sqlite3_bind_int64(handle, 2, from)
        sqlite3_bind_int64(handle, 3, to)
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                let message = sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) }
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
            }
            let count = Int(sqlite3_column_bytes(handle, 0))
            guard count > 0, let base = sqlite3_column_blob(handle, 0) else { continue }
            guard decode(UnsafeRawBufferPointer(start: base, count: count), body) else {
                throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "damaged rollup_src_ip_chunks blob", sql: statement.sql)
            }
        }
    }

    // MARK: Writing

    /// Adds `halfHours` to the chunks of each of `levels` (a day is the sum of its half-hours), one chunk
    /// per bucket, then compacts the buckets that reached `compactAt` chunks.
    static func add(_ db: Database, _ halfHours: HalfHourCounts, levels: [Rollups.Level] = Rollups.levels) throws {
        guard !halfHours.isEmpty else { return }
        let insert = RawStatement(try db.cachedStatement(sql: "INSERT INTO rollup_src_ip_chunks (width, bucket, counts) VALUES (?, ?, ?)"))
        for level in levels {
            var buckets: HalfHourCounts = [:]
            if level.width == Rollups.halfHour.width {
                buckets = halfHours
            } else {
                for (b, counts) in halfHours {
                    let bucket = b / level.width * level.width
                    buckets[bucket, default: [:]].merge(counts, uniquingKeysWith: +)
                }
            }
            for (bucket, counts) in buckets {
                let blob = encode(counts)
                guard !blob.isEmpty else { continue }
                try insert.run { s in
                    s.bind(1, level.width)
                    s.bind(2, bucket)
                    s.bind(3, blob: blob)
                }
                try compactIfNeeded(db, width: level.width, bucket: bucket)
            }
        }
    }

    private static func compactIfNeeded(_ db: Database, width: Int64, bucket: Int64) throws {
        let chunks = try Int.fetchOne(try db.cachedStatement(sql: "SELECT COUNT(*) FROM rollup_src_ip_chunks WHERE width = ? AND bucket = ?"),
                                      arguments: [width, bucket]) ?? 0
        if chunks >= compactAt { try compact(db, width: width, bucket: bucket) }
    }

    /// Replaces a bucket's chunks by one holding their sum (nothing when every count is zero).
    static func compact(_ db: Database, width: Int64, bucket: Int64) throws {
        var merged: [Int64: Int64] = [:]
        try forEachCount(db, width: width, from: bucket, to: bucket + 1) { id, n in merged[id, default: 0] += n }
        try db.execute(sql: "DELETE FROM rollup_src_ip_chunks WHERE width = ? AND bucket = ?", arguments: [width, bucket])
        let blob = encode(merged)
        guard !blob.isEmpty else { return }
        try RawStatement(try db.cachedStatement(sql: "INSERT INTO rollup_src_ip_chunks (width, bucket, counts) VALUES (?, ?, ?)")).run { s in
            s.bind(1, width)
            s.bind(2, bucket)
            s.bind(3, blob: blob)
        }
    }

    /// Half-hour counts of the events `selection` picks (a condition on `events` aliased `e`), grouped by
    /// SQLite; events before 1970 have no bucket (see `RollupBatch.add`). `source` names how `events` is read (an index for time ranges, none for id lists).
    static func countStored(_ db: Database, source: String, selection: String, arguments: StatementArguments) throws -> HalfHourCounts {
        let w = Rollups.halfHour.width
        var out: HalfHourCounts = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT (e.ts / \(w)) * \(w), r.id, COUNT(*) FROM \(source) CROSS JOIN rollup_src_ips AS r ON r.src_ip = e.src_ip
            WHERE (\(selection)) AND e.ts >= 0 GROUP BY 1, 2
            """, arguments: arguments)
        while let row = try rows.next() {
            let bucket: Int64 = row[0]
            let id: Int64 = row[1]
            let n: Int64 = row[2]
            out[bucket, default: [:]][id] = n
        }
        return out
    }

    /// Fills the chunks from every stored event (the migration; `rollup_src_ips` must be filled first),
    /// a day of events at a time, skipping to the next day that has events.
    static func backfill(_ db: Database) throws {
        let d = Rollups.day.width
        var next = try Int64.fetchOne(db, sql: "SELECT MIN(ts) FROM events WHERE ts >= 0")
        while let t = next {
            let day = t / d * d
            try add(db, try countStored(db, source: "events AS e INDEXED BY events_ts",
                                        selection: "e.ts >= ? AND e.ts < ?", arguments: [day, day + d]))
            next = try Int64.fetchOne(db, sql: "SELECT MIN(ts) FROM events WHERE ts >= ?", arguments: [day + d])
        }
    }

    /// Takes the events of `temp.purged_ids` out (negative chunks); called before they are deleted and
    /// before `RollupAddresses.dropPurgedAddresses` drops addresses left without events.
    static func subtractPurged(_ db: Database) throws {
        var counts = try countStored(db, source: "events AS e NOT INDEXED",
                                     selection: "e.id IN (SELECT id FROM temp.purged_ids)", arguments: [])
        for (bucket, byID) in counts { counts[bucket] = byID.mapValues { -$0 } }
        try add(db, counts)
    }

    /// After a purge deleted the oldest events: buckets that end at or before every remaining event hold
    /// nothing any more (their chunks sum to zero), so their rows go.
    static func dropEmptyBuckets(_ db: Database) throws {
        try db.execute(sql: """
            DELETE FROM rollup_src_ip_chunks WHERE bucket + width <= COALESCE((SELECT MIN(ts) FROM events), 9223372036854775807)
            """)
    }

    /// Recomputes the bucket of `level` that starts at `start` from its stored events.
    static func rebuild(_ db: Database, level: Rollups.Level, start: Int64) throws {
        try db.execute(sql: "DELETE FROM rollup_src_ip_chunks WHERE width = ? AND bucket = ?", arguments: [level.width, start])
        try add(db, try countStored(db, source: "events AS e INDEXED BY events_ts", selection: "e.ts >= ? AND e.ts < ?",
                                    arguments: [start, start + level.width]), levels: [level])
    }
}
