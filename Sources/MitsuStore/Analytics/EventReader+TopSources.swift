import GRDB
import MitsuCore

/// Top source addresses of any plain time range from the address chunks (`AddressChunks`), and the
/// details (MAX country, MAX ASN) of a listed address.
extension EventReader {
    /// How many addresses tied at the list's last count are looked up by id before the answer walks the
    /// addresses in text order instead (the walk stops once it has met enough of them, so it is short
    /// exactly when the ties are many).
    static let tiedLookupLimit = 2_000

    /// Counts from the chunks of the range's whole buckets plus its raw edges (`AddressTally`); the list
    /// is every address counted above the `limit`-th count, then the ties at that count in address order,
    /// which is what the raw `ORDER BY n DESC, src_ip` gives.
    func topSourcesFromChunks(_ filter: EventFilter, span: RollupSpan, limit: Int) throws -> [TopEntry] {
        try read { db in
            let tally = try AddressTally(db, span: span)
            guard let (cut, above) = tally.cutoff(limit) else { return [] }
            let counts = tally.counts
            var chosen: [(id: Int64, ip: String, n: Int32)] = []
            var ids: [Int64] = []
            var tied = 0
            for (id, n) in counts.enumerated() where n >= cut {
                if n > cut { ids.append(Int64(id)) } else { tied += 1 }
            }
            let byID = try Self.addresses(db, ids: ids)
            chosen += ids.compactMap { id in byID[id].map { (id, $0, counts[Int(id)]) } }
            let needed = limit - above
            if tied <= Self.tiedLookupLimit {
                let tiedIDs = counts.indices.filter { counts[$0] == cut }.map(Int64.init)
                let names = try Self.addresses(db, ids: tiedIDs)
                chosen += names.sorted { $0.value.utf8.lexicographicallyPrecedes($1.value.utf8) }.prefix(needed).map { ($0.key, $0.value, cut) }
            } else {
                // The unique index on src_ip gives BINARY order, the raw query's tie order.
                let rows = try Row.fetchCursor(db, sql: "SELECT id, src_ip FROM rollup_src_ips ORDER BY src_ip")
                var found = 0
                while found < needed, let row = try rows.next() {
                    let id: Int64 = row[0]
                    guard id >= 0, id < counts.count, counts[Int(id)] == cut else { continue }
                    chosen.append((id, row[1], cut))
                    found += 1
                }
            }
            chosen.sort { $0.n != $1.n ? $0.n > $1.n : $0.ip.utf8.lexicographicallyPrecedes($1.ip.utf8) }
            return try chosen.map { entry in
                let (country, asn) = try sourceDetails(db, entry.ip, filter: filter)
                return TopEntry([entry.ip, country, asn], count: Int(entry.n))
            }
        }
    }

    /// Address text by id, for `ids`.
    private static func addresses(_ db: Database, ids: [Int64]) throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        var out: [Int64: String] = [:]
        let list = "[" + ids.map(String.init).joined(separator: ",") + "]"
        let rows = try Row.fetchCursor(db, sql: "SELECT id, src_ip FROM rollup_src_ips WHERE id IN (SELECT value FROM json_each(?))",
                                       arguments: [list])
        while let row = try rows.next() { out[row[0]] = row[1] }
        return out
    }

    /// MAX(country), MAX(asn) of `ip`'s events in the filter's range: the stored details when every
    /// stored event of the address agrees on them (`varied` = 0), else read from its events in range (the
    /// address index: cost proportional to the address's events in range).
    func sourceDetails(_ db: Database, _ ip: String, filter: EventFilter) throws -> (String?, String?) {
        if let row = try Row.fetchOne(db, sql: "SELECT country, asn FROM rollup_src_ips WHERE src_ip = ? AND varied = 0", arguments: [ip]) {
            return (text(row[0]), text(row[1]))
        }
        var lookup = AddressLookup(address: ip)
        lookup.since = filter.since?.millisecondsSince1970
        lookup.until = filter.until?.millisecondsSince1970
        let source = lookup.source
        let row = try Row.fetchOne(db, sql: "SELECT MAX(country), MAX(asn) FROM \(source.sql)",
                                   arguments: StatementArguments(source.arguments))
        return (row.flatMap { text($0[0]) }, row.flatMap { text($0[1]) })
    }
}
