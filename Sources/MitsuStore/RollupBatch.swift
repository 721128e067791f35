import GRDB
import MitsuCore
#if canImport(GRDBSQLite)
import GRDBSQLite
#elseif canImport(SQLite3)
import SQLite3
#endif

/// One batch's contribution to the rollups, counted in Swift from the events the writer already holds,
/// then written as one upsert per (level, bucket, dimension, key) and per session, one lookup per source
/// address (an insert when it is new, an update when its details change), and one `AddressChunks` blob
/// per (level, bucket) for the addresses' counts.
///
/// Counting in SQL instead (an `INSERT…SELECT…GROUP BY` per dimension over the batch's rows, through a
/// staging table) cost the writer about 24 µs per event and bench/ingest a third of its rate: SQLite
/// re-read the batch, parsed its JSON again for the JSON dimensions and sorted it once per dimension.
/// Here each event is looked at once, with the very values its `events` row was bound from, and
/// `Rollups.apply` (the SQL form) remains the reference that tests hold this to.
struct RollupBatch {
    /// A key or detail value, typed as SQLite stores it (an ASN or port stays an integer).
    enum Value: Hashable {
        case int(Int64)
        case text(String)

        /// SQLite's order (ORDER BY, and MAX()): integers by value before text, text by bytes (BINARY).
        static func precedes(_ a: Value, _ b: Value) -> Bool {
            switch (a, b) {
            case let (.int(x), .int(y)): return x < y
            case (.int, .text): return true
            case (.text, .int): return false
            case let (.text(x), .text(y)): return x.utf8.lexicographicallyPrecedes(y.utf8)
            }
        }

        /// As the API reports it: integers in decimal.
        var text: String {
            switch self {
            case .int(let v): return String(v)
            case .text(let v): return v
            }
        }

        /// SQLite's order, which MAX() uses: integers before text, text by bytes (BINARY collation).
        static func larger(_ a: Value?, _ b: Value?) -> Value? {
            guard let a else { return b }
            guard let b else { return a }
            switch (a, b) {
            case let (.int(x), .int(y)): return x >= y ? a : b
            case (.int, .text): return b
            case (.text, .int): return a
            case let (.text(x), .text(y)): return x.utf8.lexicographicallyPrecedes(y.utf8) ? b : a
            }
        }
    }

    struct Key: Hashable {
        /// Index in `Rollups.dimensions`.
        var dimension: Int
        var bucket: Int64
        var key1: Value
        var key2: Value
    }

    struct Sums {
        var n: Int64
        var detail1: Value?
        var detail2: Value?

        mutating func add(n: Int64, _ d1: Value?, _ d2: Value?) {
            self.n += n
            detail1 = Value.larger(detail1, d1)
            detail2 = Value.larger(detail2, d2)
        }
    }

    /// A source address in this batch: its details (for `rollup_src_ips`) and its events per half-hour.
    struct Address {
        var country: Value?
        var asn: Value?
        /// Not every event of the batch had the same country and ASN (`RollupAddresses`).
        var varied = false
        /// Events per half-hour: the first bucket inline (a batch is usually seconds long), others in
        /// `more`, so that an address costs no allocation of its own.
        var bucket: Int64
        var inBucket: Int64
        var more: [Int64: Int64] = [:]
    }

    private(set) var halfHours: [Key: Sums] = [:]
    private(set) var addresses: [String: Address] = [:]
    /// Each session's oldest and newest event in the batch (`SessionSpans`).
    private(set) var sessions: [String: (first: Int64, last: Int64)] = [:]

    private static let none = Value.text("")
    // Indexes in Rollups.dimensions (a test checks the order).
    static let honeypot = 0, event = 1, country = 2, asn = 3, destPort = 4, username = 5, password = 6,
               credentials = 7, command = 8, signature = 9, alertCategory = 10, cve = 11

    /// `source` is the event's `srcIP` as `IPAddress.canonicalText` gives it (the caller has it already).
    /// By pointer: a batch's events are read in place (see `SQLiteEventStore.append`).
    mutating func add(_ e: UnsafePointer<Event>, source: String?) {
        let ts = e.pointee.timestamp.millisecondsSince1970
        let w = Rollups.halfHour.width
        let bucket = (ts / w) * w
        // Buckets start at 1970 (`RollupSpan` never reads earlier ones): `(ts / w) * w` rounds towards
        // zero and would count an earlier event into bucket 0. Such events still count per key.
        let bucketed = ts >= 0
        func count(_ d: Int, _ k1: Value, _ k2: Value = RollupBatch.none, _ d1: Value? = nil, _ d2: Value? = nil) {
            guard bucketed else { return }
            halfHours[Key(dimension: d, bucket: bucket, key1: k1, key2: k2), default: Sums(n: 0)].add(n: 1, d1, d2)
        }
        // The same values, and the same conditions, as `Dimension.sql` applies to the stored row.
        count(Self.honeypot, .text(e.pointee.honeypot))
        count(Self.event, .text(e.pointee.kind.rawValue))
        let country = e.pointee.geoip?.countryCode2
        let asn = e.pointee.geoip?.asn.map { Int64($0) }
        if let ip = source {
            let c = country.map(Value.text), a = asn.map(Value.int)
            if let i = addresses.index(forKey: ip) {
                // Mutated in place through the index: one hash per event.
                if addresses.values[i].country != c || addresses.values[i].asn != a {
                    addresses.values[i].varied = true
                    addresses.values[i].country = Value.larger(addresses.values[i].country, c)
                    addresses.values[i].asn = Value.larger(addresses.values[i].asn, a)
                }
                if bucketed {
                    if addresses.values[i].bucket == bucket {
                        addresses.values[i].inBucket += 1
                    } else {
                        addresses.values[i].more[bucket, default: 0] += 1
                    }
                }
            } else {
                addresses[ip] = Address(country: c, asn: a, bucket: bucket, inBucket: bucketed ? 1 : 0)
            }
        }
        if let country { count(Self.country, .text(country)) }
        if let asn { count(Self.asn, .int(asn), Self.none, e.pointee.geoip?.asOrg.map(Value.text)) }
        if e.pointee.kind == .sessionConnect, let port = e.pointee.destPort { count(Self.destPort, .int(Int64(port))) }
        if e.pointee.kind == .loginFailed || e.pointee.kind == .loginSuccess {
            if let u = e.pointee.username { count(Self.username, .text(u)) }
            if let p = e.pointee.password { count(Self.password, .text(p)) }
            if let u = e.pointee.username, let p = e.pointee.password { count(Self.credentials, .text(u), .text(p)) }
        }
        if e.pointee.kind == .commandInput, let input = e.pointee.input { count(Self.command, .text(input)) }
        if e.pointee.kind == .idsAlert, let alert = e.pointee.alert {
            count(Self.signature, .text(alert.signature))
            if let category = alert.category { count(Self.alertCategory, .text(category)) }
        }
        if e.pointee.kind == .httpRequest || e.pointee.kind == .idsAlert {
            // COALESCE(attack.cves, alert.cve_ids, '[]'): an attack object always carries its array.
            for cve in e.pointee.attack.map(\.cves) ?? e.pointee.alert?.cveIDs ?? [] { count(Self.cve, .text(cve)) }
        }
        if let session = e.pointee.session?.rawValue {
            if let i = sessions.index(forKey: session) {
                sessions.values[i].first = min(sessions.values[i].first, ts)
                sessions.values[i].last = max(sessions.values[i].last, ts)
            } else {
                sessions[session] = (ts, ts)
            }
        }
    }

    /// `rollup_src_ips`' row for `ip`, through the cached lookup statement.
    private static func storedAddress(_ handle: OpaquePointer, _ ip: String) throws -> (id: Int64, country: Value?, asn: Value?, varied: Bool)? {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        RawStatement.Binder(handle: handle).bind(1, ip)
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else {
            let message = sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: RollupAddresses.srcIPLookupSQL)
        }
        func value(_ i: Int32) -> Value? {
            switch sqlite3_column_type(handle, i) {
            case SQLITE_INTEGER: return .int(sqlite3_column_int64(handle, i))
            case SQLITE_NULL: return nil
            default: return sqlite3_column_text(handle, i).map { .text(String(cString: $0)) }
            }
        }
        return (sqlite3_column_int64(handle, 0), value(1), value(2), sqlite3_column_int64(handle, 3) != 0)
    }

    /// The rows for the day level, folded from the half-hours.
    private var days: [Key: Sums] {
        var out: [Key: Sums] = [:]
        let d = Rollups.day.width
        for (key, sums) in halfHours {
            var dayKey = key
            dayKey.bucket = (key.bucket / d) * d
            out[dayKey, default: Sums(n: 0)].add(n: sums.n, sums.detail1, sums.detail2)
        }
        return out
    }

    private static let names: [[String]] = Rollups.levels.map { level in Rollups.dimensions.map { level.prefix + $0.rawValue } }

    /// Writes the batch's rows in the caller's transaction.
    func write(_ db: Database) throws {
        let upsert = RawStatement(try db.cachedStatement(sql: Rollups.upsertSQL))
        for (level, rows) in [halfHours, days].enumerated() {
            for (key, sums) in rows {
                try upsert.run { s in
                    s.bind(1, Self.names[level][key.dimension])
                    s.bind(2, key.bucket)
                    s.bind(3, key.key1)
                    s.bind(4, key.key2)
                    s.bind(5, sums.detail1)
                    s.bind(6, sums.detail2)
                    s.bind(7, sums.n)
                }
            }
        }
        let lookup = try db.cachedStatement(sql: RollupAddresses.srcIPLookupSQL).sqliteStatement
        let insert = RawStatement(try db.cachedStatement(sql: RollupAddresses.srcIPInsertSQL))
        let update = RawStatement(try db.cachedStatement(sql: RollupAddresses.srcIPUpdateSQL))
        var chunks: AddressChunks.HalfHourCounts = [:]
        for (ip, address) in addresses {
            // Known addresses cost one index lookup; their row is rewritten only when details change.
            let id: Int64
            if let stored = try Self.storedAddress(lookup, ip) {
                id = stored.id
                if !stored.varied, address.varied || stored.country != address.country || stored.asn != address.asn {
                    try update.run { s in
                        s.bind(1, Value.larger(stored.country, address.country))
                        s.bind(2, Value.larger(stored.asn, address.asn))
                        s.bind(3, id)
                    }
                }
            } else {
                try insert.run { s in
                    s.bind(1, ip)
                    s.bind(2, address.country)
                    s.bind(3, address.asn)
                    s.bind(4, address.varied ? 1 : 0)
                }
                id = db.lastInsertedRowID
            }
            if address.inBucket > 0 { chunks[address.bucket, default: [:]][id] = address.inBucket }
            for (bucket, n) in address.more { chunks[bucket, default: [:]][id] = n }
        }
        try AddressChunks.add(db, chunks)
        let session = RawStatement(try db.cachedStatement(sql: SessionSpans.upsertSQL))
        for (id, span) in sessions {
            try session.run { s in
                s.bind(1, id)
                s.bind(2, span.first)
                s.bind(3, span.last)
            }
        }
    }
}

/// A cached statement bound and stepped through SQLite's C API (see `EventInsertStatement` for why):
/// text is copied by SQLite at bind time, bindings are cleared after each step.
struct RawStatement {
    let statement: Statement
    init(_ statement: Statement) { self.statement = statement }

    struct Binder {
        let handle: OpaquePointer

        func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }

        func bind(_ index: Int32, _ value: String) {
            var text = value
            _ = text.withUTF8 { utf8 in
                guard let base = utf8.baseAddress, !utf8.isEmpty else {
                    return sqlite3_bind_text(handle, index, "", 0, RawStatement.transient)
                }
                return sqlite3_bind_text(handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
                                         Int32(utf8.count), RawStatement.transient)
            }
        }

        /// SQLITE_TRANSIENT: SQLite copies the bytes before returning.
        func bind(_ index: Int32, blob: [UInt8]) {
            _ = blob.withUnsafeBytes { bytes in
                sqlite3_bind_blob(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), RawStatement.transient)
            }
        }

        func bind(_ index: Int32, _ value: RollupBatch.Value?) {
            switch value {
            case nil: sqlite3_bind_null(handle, index)
            case .int(let v)?: bind(index, v)
            case .text(let v)?: bind(index, v)
            }
        }
    }

    func run(_ bindings: (Binder) -> Void) throws {
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        bindings(Binder(handle: handle))
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let message = sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }

    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
