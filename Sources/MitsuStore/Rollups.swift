import GRDB

/// The `rollups` table: event counts per half-hour bucket and per value of each overview dimension, kept
/// by the writer in the transaction that inserts the events, so it always agrees with `events`.
///
/// The overview's panels (totals, time charts, top-N tables) over 30 days would otherwise scan every
/// event in range. Each row holds what `Dimension.sql` (the raw scan's SQL) would group for that bucket
/// and key, details (`MAX(country)`, `MAX(as_org)`) included, so an answer from rollups equals the scan.
///
/// Half an hour, not an hour: the 24-hour range charts in 30-minute bars, and a bucket must divide the
/// chart's bar for the chart to come from rollups.
///
/// A second level counts per UTC day (rows named `day:<dimension>`): a 30-day range of half-hours is
/// 1,440 buckets, and a dimension with a few hundred values per bucket (countries, usernames) would
/// still mean hundreds of thousands of rows to group; whole days cut that 48-fold. Source addresses are
/// not rows here: nearly every address is a new key in each bucket, so they are counted as packed blobs
/// per bucket instead (`AddressChunks`), beside the per-address table `rollup_src_ips`.
///
/// The writer aggregates each batch in Swift (`RollupBatch`); the SQL here (`apply`) is the same
/// aggregation done by SQLite from stored events, used for the migration's backfill, purges, and by tests
/// as the reference the writer must agree with.
enum Rollups {
    static let bucketMilliseconds: Int64 = 1_800_000

    struct Level: Sendable, Equatable {
        /// Prefix of the `dimension` column for this level.
        var prefix: String
        var width: Int64
    }

    static let halfHour = Level(prefix: "", width: bucketMilliseconds)
    static let day = Level(prefix: "day:", width: 86_400_000)
    static let levels = [halfHour, day]

    /// The rolled dimensions, in the order `RollupBatch` numbers them.
    static let dimensions: [Dimension] = [.honeypot, .event, .country, .asn, .destPort, .username, .password,
                                          .credentials, .command, .signature, .alertCategory, .cve]

    static func isRolledUp(_ d: Dimension) -> Bool { dimensions.contains(d) }

    /// Key and detail columns have no declared type, so they keep SQLite's value types (an ASN stays an
    /// integer) and sort exactly as the raw GROUP BY does. `key2` is '' for one-key dimensions because a
    /// WITHOUT ROWID primary key cannot hold NULL (keys are never NULL: the raw query drops NULL keys).
    static let createSQL = """
        CREATE TABLE rollups (
            dimension TEXT NOT NULL,
            bucket INTEGER NOT NULL,
            key1 NOT NULL,
            key2 NOT NULL,
            detail1,
            detail2,
            n INTEGER NOT NULL,
            PRIMARY KEY (dimension, bucket, key1, key2)
        ) WITHOUT ROWID
        """

    /// The upsert of one aggregated row. The CASEs keep the larger detail the way MAX() would: a NULL
    /// never replaces a value.
    static let upsertSQL = """
        INSERT INTO rollups (dimension, bucket, key1, key2, detail1, detail2, n) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (dimension, bucket, key1, key2) DO UPDATE SET n = n + excluded.n,
            detail1 = CASE WHEN detail1 IS NULL OR excluded.detail1 > detail1 THEN excluded.detail1 ELSE detail1 END,
            detail2 = CASE WHEN detail2 IS NULL OR excluded.detail2 > detail2 THEN excluded.detail2 ELSE detail2 END
        """

    /// Adds (`sign` 1) or removes (`sign` -1) the events picked by `selection` (a condition on `events`)
    /// to or from the rollups of `levels`, with SQLite doing the grouping.
    ///
    /// The events are read once: each dimension's half-hour counts go to a staging table, and every
    /// level is folded from there (a day is 48 half-hours).
    ///
    /// `byTime` says the selection is a `ts` range; otherwise it picks rows by id, and the events are
    /// read `NOT INDEXED` (rowid lookups only): left to itself SQLite walks the `(event, ts)` index for a
    /// dimension's `event IN (…)` condition, i.e. every login ever stored.
    static func apply(_ db: Database, selection: String, arguments: StatementArguments = [], sign: Int = 1,
                      levels: [Level] = Rollups.levels, byTime: Bool = false) throws {
        let source = byTime ? "events INDEXED BY events_ts" : "events NOT INDEXED"
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS rollup_batch (dimension TEXT, bucket INTEGER, key1, key2, detail1, detail2, n INTEGER)
            """)
        let w = halfHour.width
        for dimension in dimensions {
            let d = dimension.sql
            let keys = d.keys + Array(repeating: "''", count: 2 - d.keys.count)
            let details = d.details + Array(repeating: "NULL", count: 2 - d.details.count)
            // ts >= 0: buckets start at 1970 (see `RollupBatch.add`).
            let conditions = ([selection, "events.ts >= 0"] + d.conditions + d.keys.map { "\($0) IS NOT NULL" }).joined(separator: " AND ")
            try db.execute(sql: """
                INSERT INTO temp.rollup_batch
                SELECT '\(dimension.rawValue)', (ts / \(w)) * \(w), \(keys.joined(separator: ", ")), \(details.joined(separator: ", ")), \(sign) * COUNT(*)
                FROM \(source)\(d.join) WHERE \(conditions) GROUP BY 2, \(d.keys.joined(separator: ", "))
                """, arguments: arguments)
        }
        for level in levels {
            let names = dimensions.map { "'\($0.rawValue)'" }.joined(separator: ",")
            try db.execute(sql: """
                INSERT INTO rollups (dimension, bucket, key1, key2, detail1, detail2, n)
                SELECT '\(level.prefix)' || dimension, (bucket / \(level.width)) * \(level.width) AS b, key1, key2,
                       MAX(detail1), MAX(detail2), SUM(n)
                FROM temp.rollup_batch WHERE dimension IN (\(names)) GROUP BY dimension, b, key1, key2
                ON CONFLICT (dimension, bucket, key1, key2) DO UPDATE SET n = n + excluded.n,
                    detail1 = CASE WHEN detail1 IS NULL OR excluded.detail1 > detail1 THEN excluded.detail1 ELSE detail1 END,
                    detail2 = CASE WHEN detail2 IS NULL OR excluded.detail2 > detail2 THEN excluded.detail2 ELSE detail2 END
                """)
        }
        try db.execute(sql: "DELETE FROM temp.rollup_batch")
        if sign < 0 { try db.execute(sql: "DELETE FROM rollups WHERE n <= 0") }
    }

    /// Fills the rollups from every stored event (the migration), 100,000 rows at a time so that the
    /// staging table stays small.
    static func backfill(_ db: Database) throws {
        guard let bounds = try Row.fetchOne(db, sql: "SELECT MIN(id), MAX(id) FROM events"),
              let low: Int64 = bounds[0], let high: Int64 = bounds[1]
        else { return }
        for start in stride(from: low, through: high, by: 100_000) {
            try apply(db, selection: "events.id BETWEEN ? AND ?", arguments: [start, min(high, start + 99_999)])
        }
    }

    /// Recomputes, at each level, the bucket holding `t` from the events it still holds. Subtracting
    /// counts cannot lower a `MAX()` detail, so after a purge the buckets that the cut-off falls in are
    /// rebuilt, which makes their details exact again (older buckets are gone entirely).
    static func rebuild(_ db: Database, bucketContaining t: Int64) throws {
        for level in levels {
            let start = (t / level.width) * level.width
            for dimension in dimensions {
                try db.execute(sql: "DELETE FROM rollups WHERE dimension = ? AND bucket = ?",
                               arguments: [level.prefix + dimension.rawValue, start])
            }
            try apply(db, selection: "events.ts >= ? AND events.ts < ?", arguments: [start, start + level.width], levels: [level],
                      byTime: true)
            try AddressChunks.rebuild(db, level: level, start: start)
        }
    }
}
