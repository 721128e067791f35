import GRDB

/// One row per source address (`rollup_src_ips`: a numeric id, events stored, newest event, details) and
/// per session (`rollup_sessions`: newest event), kept by the writer beside `rollups`.
///
/// They answer what per-bucket rows cannot make fast when almost every event brings an address or
/// session not yet seen in its bucket (a month of such buckets is a row per event):
/// - distinct attackers and sessions since T, for a range that reaches the newest stored event (every
///   dashboard preset: it ends now): the keys whose newest event is at or after T, one index range count;
/// - top source addresses over such a range when the events before T are few (a 30-day view of a store
///   that keeps about 30 days): an address's count in range is its stored count minus its events before
///   T, and the addresses are walked in stored-count order until no later one can enter the top N;
/// - the id that `rollup_src_ip_chunks` (`AddressChunks`) counts addresses by, and the details (MAX
///   country, MAX ASN) of a listed address: `varied` is 0 while every stored event of the address had
///   the same country and ASN, and then those are its details over any range; otherwise (its GeoIP
///   answer changed, or some events had none) the range's events are read.
/// All exact. Retention keeps them exact: purged events are subtracted from the counts, a row goes when
/// its address has no event left, and a `varied` address stays `varied` (slower, never wrong).
enum RollupKeyTables {
    /// AUTOINCREMENT: an id is never given to a second address, so a chunk written before a purge can
    /// never count a later address.
    static let createSQL = """
        CREATE TABLE rollup_src_ips (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            src_ip TEXT NOT NULL UNIQUE,
            n INTEGER NOT NULL,
            last_ts INTEGER NOT NULL,
            country,
            asn,
            varied INTEGER NOT NULL
        );
        CREATE INDEX rollup_src_ips_last ON rollup_src_ips(last_ts);
        CREATE INDEX rollup_src_ips_n ON rollup_src_ips(n DESC, src_ip);
        CREATE TABLE rollup_sessions (session TEXT PRIMARY KEY, last_ts INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX rollup_sessions_last ON rollup_sessions(last_ts);
        """

    /// SET expressions read the row as it was, so `varied` compares the stored details with the batch's
    /// before they are replaced by the larger of the two (MAX: a NULL never replaces a value).
    static let srcIPUpsertSQL = """
        INSERT INTO rollup_src_ips (src_ip, n, last_ts, country, asn, varied) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (src_ip) DO UPDATE SET n = n + excluded.n, last_ts = MAX(last_ts, excluded.last_ts),
            varied = varied OR excluded.varied OR country IS NOT excluded.country OR asn IS NOT excluded.asn,
            country = CASE WHEN country IS NULL OR excluded.country > country THEN excluded.country ELSE country END,
            asn = CASE WHEN asn IS NULL OR excluded.asn > asn THEN excluded.asn ELSE asn END
        RETURNING id
        """

    /// A session's later batches rarely move its newest event: the WHERE skips the no-op update (and the
    /// index rewrite it would cost).
    static let sessionUpsertSQL = """
        INSERT INTO rollup_sessions (session, last_ts) VALUES (?, ?)
        ON CONFLICT (session) DO UPDATE SET last_ts = excluded.last_ts WHERE excluded.last_ts > last_ts
        """

    /// Fills both tables from every stored event (the migration). `varied` is "not all the address's
    /// events agree on country and on ASN", the same thing the writer's upserts accumulate.
    static func backfill(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO rollup_src_ips (src_ip, n, last_ts, country, asn, varied)
            SELECT src_ip, COUNT(*), MAX(ts), MAX(country), MAX(asn),
                   MIN(country) IS NOT MAX(country) OR COUNT(country) NOT IN (0, COUNT(*))
                   OR MIN(asn) IS NOT MAX(asn) OR COUNT(asn) NOT IN (0, COUNT(*))
            FROM events INDEXED BY events_src_ip_ts WHERE src_ip IS NOT NULL GROUP BY src_ip;
            INSERT INTO rollup_sessions (session, last_ts)
            SELECT session, MAX(ts) FROM events NOT INDEXED WHERE session IS NOT NULL GROUP BY session;
            """)
    }

    /// Takes the events of `temp.purged_ids` out of the counts; called before they are deleted (and after
    /// `AddressChunks.subtractPurged`, which needs the ids of addresses this may remove).
    static func subtractPurged(_ db: Database) throws {
        try db.execute(sql: """
            UPDATE rollup_src_ips SET n = n - p.c
            FROM (SELECT src_ip, COUNT(*) AS c FROM events WHERE id IN (SELECT id FROM temp.purged_ids) AND src_ip IS NOT NULL
                  GROUP BY src_ip) AS p
            WHERE rollup_src_ips.src_ip = p.src_ip;
            DELETE FROM rollup_src_ips WHERE n <= 0;
            """)
    }

    /// After a purge deleted the oldest events: a session whose newest event is older than every
    /// remaining event has none left.
    static func dropEmptySessions(_ db: Database) throws {
        try db.execute(sql: """
            DELETE FROM rollup_sessions WHERE last_ts < COALESCE((SELECT MIN(ts) FROM events), 9223372036854775807)
            """)
    }
}
