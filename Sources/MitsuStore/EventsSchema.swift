import GRDB
import MitsuCore

/// The `events` table: a few columns pulled out of each event for filtering and charts, and the full
/// JSON line, which is what queries return. Keeping the JSON means a field added to `Event` later is
/// stored without a migration; only a field that must be filtered on needs a new column.
enum EventsSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: events") { db in
            try db.execute(sql: """
                CREATE TABLE events (
                    id INTEGER PRIMARY KEY,
                    ts INTEGER NOT NULL,
                    event TEXT NOT NULL,
                    honeypot TEXT NOT NULL,
                    session TEXT,
                    src_ip TEXT,
                    src_port INTEGER,
                    dest_port INTEGER,
                    protocol TEXT,
                    username TEXT,
                    password TEXT,
                    country TEXT,
                    asn INTEGER,
                    sha256 TEXT,
                    json TEXT NOT NULL
                );
                -- One index per filter the dashboard offers, each ending in ts so that a filtered,
                -- time-ordered page is read straight off the index without a sort.
                CREATE INDEX events_ts ON events(ts);
                CREATE INDEX events_honeypot_ts ON events(honeypot, ts);
                CREATE INDEX events_src_ip_ts ON events(src_ip, ts);
                CREATE INDEX events_event_ts ON events(event, ts);
                CREATE INDEX events_session ON events(session);
                """)
        }
        // An existing store gains the rollups filled from its events (one pass per rolled dimension; a
        // few minutes for ten million events, once), then the writer keeps them up to date.
        migrator.registerMigration("v2: rollups") { db in
            try db.execute(sql: Rollups.createSQL)
            try db.execute(sql: RollupAddresses.createSQL)
            try db.execute(sql: AddressChunks.createSQL)
            try Rollups.backfill(db)
            try RollupAddresses.backfill(db)
            try AddressChunks.backfill(db)
            // The captured-files panel looks only at file events with a hash: a partial index of those
            // lets it skip the range's other events.
            try db.execute(sql: """
                CREATE INDEX events_files_ts ON events(ts)
                WHERE sha256 IS NOT NULL AND event IN ('file.download','file.upload','file.created')
                """)
        }
        // Sessions' oldest and newest events (v2 kept only the newest, which counts a range's sessions
        // only when the range reaches the newest event): the table is rebuilt from the events once.
        migrator.registerMigration("v3: session spans") { db in
            try db.execute(sql: "DROP TABLE IF EXISTS rollup_sessions")
            try db.execute(sql: SessionSpans.createSQL)
            try SessionSpans.backfill(db)
        }
        // The per-row (src_ip, ts) index gives way to `AddressIndex`, written in bulk.
        migrator.registerMigration("v4: address index") { db in
            try AddressIndex.migrate(db)
        }
        // A second, small address table in front of the large one (`AddressIndex`).
        migrator.registerMigration("v5: recent address entries") { db in
            try AddressIndex.migrateRecent(db)
        }
        return migrator
    }

    static let insertSQL = """
        INSERT INTO events (ts, event, honeypot, session, src_ip, src_port, dest_port, protocol,
                            username, password, country, asn, sha256, json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
}
