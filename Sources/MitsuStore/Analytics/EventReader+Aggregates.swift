import GRDB
import MitsuCore

/// One row of a "top N" table: the dimension's key and detail values (text; nil when absent) and a count.
public struct TopEntry: Sendable, Equatable {
    public var values: [String?]
    public var count: Int

    public init(_ values: [String?], count: Int) {
        self.values = values
        self.count = count
    }
}

/// One bar segment of a time chart: events in [bucket, bucket + width) with this key.
public struct SeriesPoint: Sendable, Equatable {
    public var bucket: Timestamp
    public var key: String
    public var count: Int

    public init(bucket: Timestamp, key: String, count: Int) {
        self.bucket = bucket
        self.key = key
        self.count = count
    }
}

public struct Totals: Sendable, Equatable {
    public var events: Int
    /// Distinct source addresses.
    public var attackers: Int
    public var sessions: Int
}

/// A file captured by any honeypot (download, upload, file built in a shell), by content.
public struct CapturedFile: Sendable, Equatable {
    public var sha256: String
    public var firstSeen: Timestamp
    public var lastSeen: Timestamp
    public var count: Int
    /// The most recent source URL, when the file was fetched.
    public var url: String?
    public var size: Int64?
}

/// The overview's aggregates, all computed inside SQLite.
extension EventReader {
    public func totals(_ filter: EventFilter) throws -> Totals {
        if let fromRollups = try rollupTotals(filter) { return fromRollups }
        return try scanTotals(filter)
    }

    /// `totals` by a scan of the matching events.
    func scanTotals(_ filter: EventFilter) throws -> Totals {
        let c = try CompiledFilter(filter)
        return try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), COUNT(DISTINCT src_ip), COUNT(DISTINCT session) FROM \(c.source) \(c.whereClause)",
                                       arguments: c.arguments)
            return Totals(events: row?[0] ?? 0, attackers: row?[1] ?? 0, sessions: row?[2] ?? 0)
        }
    }

    /// The `limit` most frequent values of `dimension` among events matching `filter`, most frequent
    /// first; ties in key order so results are stable.
    public func top(_ dimension: Dimension, filter: EventFilter, limit: Int = 10) throws -> [TopEntry] {
        if let fromRollups = try rollupTop(dimension, filter: filter, limit: limit) { return fromRollups }
        return try scanTop(dimension, filter: filter, limit: limit)
    }

    /// `top` by a scan of the matching events: any filter, any dimension.
    func scanTop(_ dimension: Dimension, filter: EventFilter, limit: Int = 10) throws -> [TopEntry] {
        let d = dimension.sql
        let c = try CompiledFilter(filter, extra: d.conditions + d.keys.map { "\($0) IS NOT NULL" })
        let keyList = d.keys.joined(separator: ", ")
        let selected = (d.keys + d.details).joined(separator: ", ")
        let sql = "SELECT \(selected), COUNT(*) AS n FROM \(c.source)\(d.join) \(c.whereClause) GROUP BY \(keyList) ORDER BY n DESC, \(keyList) LIMIT ?"
        let width = d.keys.count + d.details.count
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: c.arguments + [max(0, min(limit, 1000))]).map { row in
                TopEntry((0..<width).map { text(row[$0]) }, count: row[width])
            }
        }
    }

    /// Events per bucket of `bucketMilliseconds`, split by `dimension` (typically honeypot or dest_port).
    /// Keys outside the `maxKeys` busiest are summed under "other" so a chart keeps a readable legend.
    public func series(_ dimension: Dimension, filter: EventFilter, bucketMilliseconds: Int64, maxKeys: Int = 8) throws -> [SeriesPoint] {
        try series(dimension, filter: filter, bucketMilliseconds: bucketMilliseconds, maxKeys: maxKeys, rollups: true)
    }

    /// `rollups: false` forces the scan (tests compare both ways).
    func series(_ dimension: Dimension, filter: EventFilter, bucketMilliseconds: Int64, maxKeys: Int = 8, rollups: Bool) throws -> [SeriesPoint] {
        precondition(bucketMilliseconds > 0)
        let d = dimension.sql
        guard d.keys.count == 1, d.join.isEmpty else { return [] }
        let key = d.keys[0]
        let c = try CompiledFilter(filter, extra: d.conditions + ["\(key) IS NOT NULL"])
        let sql = "SELECT (ts / \(bucketMilliseconds)) * \(bucketMilliseconds) AS b, \(key) AS k, COUNT(*) FROM \(c.source) \(c.whereClause) GROUP BY b, k ORDER BY b, k"
        let raw: [(Int64, String, Int)] = try (rollups ? rollupSeries(dimension, filter: filter, bucketMilliseconds: bucketMilliseconds) : nil) ?? read { db in
            try Row.fetchAll(db, sql: sql, arguments: c.arguments).map { ($0[0], text($0[1]) ?? "", $0[2]) }
        }
        var totals: [String: Int] = [:]
        for (_, k, n) in raw { totals[k, default: 0] += n }
        let kept = Set(totals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(maxKeys).map(\.key))
        var merged: [Int64: [String: Int]] = [:]
        for (b, k, n) in raw { merged[b, default: [:]][kept.contains(k) ? k : "other", default: 0] += n }
        return merged.keys.sorted().flatMap { b in
            merged[b]!.sorted { $0.key < $1.key }.map { SeriesPoint(bucket: Timestamp(millisecondsSince1970: b), key: $0.key, count: $0.value) }
        }
    }

    /// Captured files by SHA-256, most often seen first.
    public func capturedFiles(_ filter: EventFilter, limit: Int = 20) throws -> [CapturedFile] {
        let c = try CompiledFilter(filter, extra: ["sha256 IS NOT NULL", "event IN ('file.download','file.upload','file.created')"])
        let sql = """
            SELECT sha256, MIN(ts), MAX(ts), COUNT(*), MAX(json_extract(json, '$.url')), MAX(json_extract(json, '$.size'))
            FROM \(c.source) \(c.whereClause) GROUP BY sha256 ORDER BY COUNT(*) DESC, sha256 LIMIT ?
            """
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: c.arguments + [max(0, min(limit, 1000))]).map { row in
                CapturedFile(sha256: row[0], firstSeen: Timestamp(millisecondsSince1970: row[1]),
                             lastSeen: Timestamp(millisecondsSince1970: row[2]), count: row[3], url: row[4], size: row[5])
            }
        }
    }
}

/// A column value as text: numbers in decimal, NULL as nil.
func text(_ value: DatabaseValue) -> String? {
    switch value.storage {
    case .null: return nil
    case .int64(let v): return String(v)
    case .double(let v): return String(v)
    case .string(let v): return v
    case .blob(let v): return String(decoding: v, as: UTF8.self)
    }
}
