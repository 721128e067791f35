import GRDB
import MitsuCore

/// Where captured files came from: every distinct source URL of each file, not just one.
extension EventReader {
    /// For each of `hashes` (captured files' SHA-256), its distinct source URLs among file events matching
    /// `filter`, most recently seen first, at most `perFile` each. One query for all files (a scan of the
    /// filtered file events, which the event-kind index narrows).
    public func sourceURLs(of hashes: [String], filter: EventFilter, perFile: Int = 5) throws -> [String: [String]] {
        let wanted = Array(Set(hashes)).sorted()
        guard !wanted.isEmpty, perFile > 0 else { return [:] }
        let marks = Array(repeating: "?", count: wanted.count).joined(separator: ",")
        let url = "json_extract(events.json, '$.url')"
        let c = try CompiledFilter(filter, extra: ["event IN ('file.download','file.upload','file.created')",
                                                   "sha256 IN (\(marks))", "\(url) IS NOT NULL"])
        var arguments = c.arguments
        arguments += StatementArguments(wanted)
        let sql = "SELECT sha256, \(url) AS u, MAX(ts) AS last FROM \(c.source) \(c.whereClause) GROUP BY sha256, u ORDER BY sha256, last DESC, u"
        return try read { db in
            var out: [String: [String]] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                let sha: String = row[0]
                let source: String? = row[1]
                guard let u = source, out[sha, default: []].count < perFile else { continue }
                out[sha, default: []].append(u)
            }
            return out
        }
    }
}
