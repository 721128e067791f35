import GRDB

/// One row per source address (`rollup_src_ips`: the id that `AddressChunks` counts it by, and its
/// details), kept by the writer beside `rollups` (sessions: `SessionSpans`).
///
/// - An address's row is written when it is first stored and again only if its details change: the
///   writer looks its id up, so a batch costs one index lookup per address, not a row rewrite. (The
///   previous version kept each address's count and newest event here, with an index on each: a row
///   rewrite and two index moves per address per batch, most of the rollups' cost in bench/ingest. Distinct
///   attackers and top addresses now come from the chunks, which answer a month in ~40 ms.)
/// - Details: `varied` is 0 while every stored event of the address had the same country and ASN, and
///   then those are its MAX details over any range; otherwise (its GeoIP answer changed, or some events
///   had none) the range's events are read.
/// Exact. Retention keeps them exact: a purge drops the addresses left without events;
/// a `varied` address stays `varied` (slower details, never wrong).
enum RollupAddresses {
    /// AUTOINCREMENT: an id is never given to a second address, so a chunk written before a purge can
    /// never count a later address.
    static let createSQL = """
        CREATE TABLE rollup_src_ips (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            src_ip TEXT NOT NULL UNIQUE,
            country,
            asn,
            varied INTEGER NOT NULL
        );
        """

    static let srcIPLookupSQL = "SELECT id, country, asn, varied FROM rollup_src_ips WHERE src_ip = ?"
    static let srcIPInsertSQL = "INSERT INTO rollup_src_ips (src_ip, country, asn, varied) VALUES (?, ?, ?, ?)"
    static let srcIPUpdateSQL = "UPDATE rollup_src_ips SET country = ?, asn = ?, varied = 1 WHERE id = ?"

    /// Fills the table from every stored event (the migration). `varied` is "not all the address's
    /// events agree on country and on ASN", the same thing the writer accumulates.
    static func backfill(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO rollup_src_ips (src_ip, country, asn, varied)
            SELECT src_ip, MAX(country), MAX(asn),
                   MIN(country) IS NOT MAX(country) OR COUNT(country) NOT IN (0, COUNT(*))
                   OR MIN(asn) IS NOT MAX(asn) OR COUNT(asn) NOT IN (0, COUNT(*))
            FROM events WHERE src_ip IS NOT NULL GROUP BY src_ip
            """)
    }

    /// Notes the addresses of `temp.purged_ids`; called before those events are deleted.
    static func notePurgedAddresses(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS purged_src_ips (src_ip TEXT PRIMARY KEY) WITHOUT ROWID;
            INSERT OR IGNORE INTO temp.purged_src_ips
            SELECT src_ip FROM events WHERE id IN (SELECT id FROM temp.purged_ids) AND src_ip IS NOT NULL;
            """)
    }

    /// After the events are deleted: the noted addresses that have no event left go (their chunks
    /// already sum to zero), so that their ids stop taking room in a reader's tally.
    static func dropPurgedAddresses(_ db: Database) throws {
        try db.execute(sql: """
            DELETE FROM rollup_src_ips WHERE src_ip IN (SELECT src_ip FROM temp.purged_src_ips)
                \(AddressIndex.tables.map { "AND NOT EXISTS (SELECT 1 FROM \($0) WHERE address = rollup_src_ips.src_ip)" }
                    .joined(separator: " "))
                AND src_ip NOT IN (SELECT src_ip FROM events NOT INDEXED
                                   WHERE id > \(AddressIndex.markSQL) AND src_ip IS NOT NULL);
            DELETE FROM temp.purged_src_ips;
            """)
    }
}
