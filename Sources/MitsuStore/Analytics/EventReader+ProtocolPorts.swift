import GRDB
import MitsuCore

/// Trap payloads by the protocol their bytes speak and the port they were sent to: "protocol spoken vs
/// port" (HTTP on 6379, SSH on 2375, TLS on 8888 …). Uses the `protocol` and `dest_port` columns, so it
/// needs no JSON extraction and no new index (the honeypot + ts index narrows the scan).
extension EventReader {
    /// `[protocol, port]` and a count per pair among `payload` events matching `filter`, most frequent
    /// first, then by protocol and port so results are stable. Payloads stored before detection existed
    /// have no `protocol` and are left out.
    public func protocolsByPort(_ filter: EventFilter, limit: Int = 20) throws -> [TopEntry] {
        let c = try CompiledFilter(filter, extra: ["event = 'payload'", "protocol IS NOT NULL", "dest_port IS NOT NULL"])
        let sql = """
            SELECT protocol, dest_port, COUNT(*) AS n FROM \(c.source) \(c.whereClause)
            GROUP BY protocol, dest_port ORDER BY n DESC, protocol, dest_port LIMIT ?
            """
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: c.arguments + [max(0, min(limit, 1000))]).map { row in
                let port: Int64? = row[1]
                return TopEntry([row[0] as String?, port.map(String.init)], count: row[2])
            }
        }
    }
}
