import GRDB
import MitsuCore

/// The overview's aggregates answered from `rollups` (whole buckets) plus a raw scan of the range's
/// ragged ends, and from the per-key tables (`RollupAddresses`, `SessionSpans`) and address chunks
/// (`AddressChunks`) for distinct counts and top source addresses: used by `totals`, `top` and `series`
/// when the filter is a plain time range, which is what the overview asks for. Each function returns nil
/// when rollups cannot answer, and the caller scans. Every answer is exact.
extension EventReader {
    func rollupTotals(_ filter: EventFilter) throws -> Totals? {
        guard let span = RollupSpan(filter), let since = filter.since?.millisecondsSince1970 else { return nil }
        let edges = try span.edges.map { try CompiledFilter($0) }
        let (piecesSQL, piecesArgs) = rollupPieces(span, "event", columns: "n", union: "UNION ALL")
        var countSQL = "SELECT (SELECT COALESCE(SUM(n), 0) FROM (\(piecesSQL)))"
        var countArgs = piecesArgs
        for e in edges {
            countSQL += " + (SELECT COUNT(*) FROM \(e.source) \(e.whereClause))"
            countArgs += e.arguments
        }
        return try read { db -> Totals? in
            let events = try Int.fetchOne(db, sql: countSQL, arguments: countArgs) ?? 0
            // Addresses from the chunks of the range's whole buckets and its raw edges (a month: ~40 ms).
            let attackers = try AddressTally(db, span: span).distinct
            return Totals(events: events, attackers: attackers,
                          sessions: try SessionSpans.count(db, from: since, until: filter.until?.millisecondsSince1970))
        }
    }

    /// Rows as `top` returns them: the rollup rows and the edges' raw groups are summed per key, details
    /// combined with MAX (a maximum of maxima is the maximum), ties ordered by key as in the raw query.
    func rollupTop(_ dimension: Dimension, filter: EventFilter, limit: Int) throws -> [TopEntry]? {
        let limit = max(0, min(limit, 1000))
        if dimension == .srcIP {
            guard let span = RollupSpan(filter) else { return nil }
            return try topSourcesFromChunks(filter, span: span, limit: limit)
        }
        guard Rollups.isRolledUp(dimension), let span = RollupSpan(filter) else { return nil }
        let d = dimension.sql
        let keys = d.keys + Array(repeating: "''", count: 2 - d.keys.count)
        let details = d.details + Array(repeating: "NULL", count: 2 - d.details.count)
        var (sql, args) = rollupPieces(span, dimension.rawValue, columns: "key1 AS k1, key2 AS k2, detail1 AS d1, detail2 AS d2, n",
                                       union: "UNION ALL")
        for edge in span.edges {
            let c = try CompiledFilter(edge, extra: d.conditions + d.keys.map { "\($0) IS NOT NULL" })
            sql += " UNION ALL SELECT \(keys.joined(separator: ", ")), \(details.joined(separator: ", ")), COUNT(*) FROM \(c.source)\(d.join) \(c.whereClause) GROUP BY \(d.keys.joined(separator: ", "))"
            args += c.arguments
        }
        let width = d.keys.count + d.details.count
        return try read { db in
            // Summed in Swift: SQLite's GROUP BY over a month of password or credential rows (~240,000 at
            // 10 M events) took ~210 ms, reading them ~35 ms.
            if let groups = try RollupGroups(db, sql: sql, arguments: args) {
                return groups.top(limit).map { g in
                    TopEntry(([g.key1, g.key2].prefix(d.keys.count) + [g.detail1, g.detail2].prefix(d.details.count)).map { $0?.text }, count: Int(g.n))
                }
            }
            let selected = (["k1", "k2"].prefix(d.keys.count) + ["MAX(d1)", "MAX(d2)"].prefix(d.details.count)).joined(separator: ", ")
            let outer = "SELECT \(selected), SUM(n) AS total FROM (\(sql)) GROUP BY k1, k2 ORDER BY total DESC, k1, k2 LIMIT ?"
            return try Row.fetchAll(db, sql: outer, arguments: args + [limit]).map { row in
                TopEntry((0..<width).map { text(row[$0]) }, count: row[width])
            }
        }
    }

    /// `(bucket, key, count)` triples for `series`, possibly several per pair (the caller sums them);
    /// nil unless the chart's bar is a whole number of rollup buckets.
    func rollupSeries(_ dimension: Dimension, filter: EventFilter, bucketMilliseconds w: Int64) throws -> [(Int64, String, Int)]? {
        guard Rollups.isRolledUp(dimension), w % Rollups.bucketMilliseconds == 0,
              let span = RollupSpan(filter, days: w % Rollups.day.width == 0)
        else { return nil }
        let d = dimension.sql
        guard d.keys.count == 1, d.join.isEmpty else { return nil }
        let key = d.keys[0]
        var (sql, args) = rollupPieces(span, dimension.rawValue, columns: "(bucket / \(w)) * \(w) AS b, key1, n", union: "UNION ALL")
        for edge in span.edges {
            let c = try CompiledFilter(edge, extra: d.conditions + ["\(key) IS NOT NULL"])
            sql += " UNION ALL SELECT (ts / \(w)) * \(w) AS b, \(key), COUNT(*) FROM \(c.source) \(c.whereClause) GROUP BY b, \(key)"
            args += c.arguments
        }
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: args).map { ($0[0], text($0[1]) ?? "", $0[2]) }
        }
    }

    /// The rows of `name` in each of the span's runs of whole buckets, as one compound SELECT.
    func rollupPieces(_ span: RollupSpan, _ name: String, columns: String, union: String) -> (String, StatementArguments) {
        var args: StatementArguments = []
        let sql: String = span.pieces.map { p in
            args += [p.prefix + name, p.from, p.to]
            return "SELECT \(columns) FROM rollups WHERE dimension = ? AND bucket >= ? AND bucket < ?"
        }.joined(separator: " \(union) ")
        return (sql, args)
    }
}
