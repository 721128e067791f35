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
        return migrator
    }

    static let insertSQL = """
        INSERT INTO events (ts, event, honeypot, session, src_ip, src_port, dest_port, protocol,
                            username, password, country, asn, sha256, json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
}
