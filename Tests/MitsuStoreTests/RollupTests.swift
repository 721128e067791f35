import Foundation
import MitsuCore
@testable import MitsuStore
import XCTest

/// The rollups the writer keeps: answers from them (whole half-hour buckets plus raw edges) must equal
/// the raw scan, for every rolled dimension, ragged ranges, after a backfill and after a purge.
final class RollupTests: XCTestCase {
    private var dir: TemporaryDirectory!
    private var store: SQLiteEventStore!
    private let t0 = ts("2026-11-27T10:00:00.000Z")
    private let a = "198.51.100.7", b = "203.0.113.9", c = "192.0.2.1", d = "2001:db8::5"

    private func at(_ minutes: Int) -> Timestamp { t0.adding(milliseconds: Int64(minutes) * 60_000) }

    private func event(_ kind: EventKind, _ honeypot: String, ip: String, at minutes: Int, port: Int = 22,
                       user: String? = nil, pass: String? = nil, geo: (String, Int, String)? = nil,
                       session: String? = nil) -> Event {
        var e = Event(kind: kind, honeypot: honeypot, session: session.flatMap(SessionID.init), timestamp: at(minutes))
        e.srcIP = ip
        e.destPort = port
        e.username = user
        e.password = pass
        if let geo { e.geoip = GeoIPInfo(countryCode2: geo.0, asn: geo.1, asOrg: geo.2) }
        return e
    }

    /// Three batches, so counts of one bucket and key are added up across transactions.
    private var batches: [[Event]] {
        let nl = ("NL", 64496, "AS-64496"), de = ("DE", 64500, "AS-64500")
        var cmd1 = event(.commandInput, "ssh", ip: a, at: 20, geo: nl, session: "00000000000a")
        cmd1.input = "uname -a"
        var cmd2 = event(.commandInput, "ssh", ip: a, at: 50, session: "00000000000a")
        cmd2.input = "uname -a"
        var alert = event(.idsAlert, "ids", ip: c, at: 70, port: 80)
        alert.alert = AlertInfo(signatureID: 1, signature: "ET SCAN probe", category: "Attempted Recon", cveIDs: ["CVE-2020-0001"])
        var web = event(.httpRequest, "web", ip: c, at: 80, port: 80, geo: ("US", 64510, "AS-64510"), session: "00000000000e")
        web.http = HTTPInfo(method: "GET", uri: "/cgi-bin/x", userAgent: "curl/7.88")
        web.attack = AttackInfo(categories: ["rce"], cves: ["CVE-2021-41773", "CVE-2020-0001"])
        var cmd3 = event(.commandInput, "ssh", ip: a, at: 130, session: "00000000000a")
        cmd3.input = "id"
        return [
            [
                event(.sessionConnect, "ssh", ip: a, at: 5, geo: nl, session: "00000000000a"),
                event(.loginFailed, "ssh", ip: a, at: 12, user: "root", pass: "123456", geo: nl, session: "00000000000a"),
                cmd1,
                event(.loginFailed, "telnet", ip: b, at: 35, port: 23, user: "admin", pass: "admin", geo: de, session: "00000000000b"),
            ],
            [
                event(.sessionConnect, "telnet", ip: b, at: 40, port: 23, geo: de, session: "00000000000b"),
                event(.loginSuccess, "ssh", ip: a, at: 45, user: "root", pass: "123456", geo: nl, session: "00000000000a"),
                cmd2, alert, web,
            ],
            [
                // Same ASN, another organisation name: the edge's detail must win the MAX over the buckets'.
                event(.loginFailed, "ssh", ip: d, at: 95, user: "root", pass: "toor", geo: ("NL", 64496, "Zeta Org"), session: "00000000000d"),
                event(.sessionConnect, "ssh", ip: d, at: 99, port: 2222, session: "00000000000d"),
                event(.loginFailed, "ssh", ip: "198.51.100.8", at: 100, user: "root", pass: "x", session: "00000000000f"),
                cmd3,
            ],
        ]
    }

    /// 10:10 to 11:40: whole buckets 10:30–11:30, raw edges 10:10–10:30 and 11:30–11:40.
    private var ragged: EventFilter { EventFilter(since: at(10), until: at(100)) }

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        store = try SQLiteEventStore(path: dir.file("mitsu.sqlite"), retentionDays: 0)
        for batch in batches { try store.append(batch) }
    }

    private func reader() throws -> EventReader { try EventReader(path: dir.file("mitsu.sqlite")) }

    func testRaggedRangeFromRollupsHasTheHandCountedFigures() throws {
        let r = try reader()
        XCTAssertEqual(try r.rollupTotals(ragged), Totals(events: 10, attackers: 4, sessions: 4))
        XCTAssertEqual(try r.rollupTop(.srcIP, filter: ragged, limit: 10), [
            TopEntry([a, "NL", "64496"], count: 4), TopEntry([c, "US", "64510"], count: 2),
            TopEntry([d, "NL", "64496"], count: 2), TopEntry([b, "DE", "64500"], count: 2),
        ])
        XCTAssertEqual(try r.rollupTop(.asn, filter: ragged, limit: 10), [
            TopEntry(["64496", "Zeta Org"], count: 4), TopEntry(["64500", "AS-64500"], count: 2), TopEntry(["64510", "AS-64510"], count: 1),
        ])
        XCTAssertEqual(try r.rollupTop(.credentials, filter: ragged, limit: 10), [
            TopEntry(["root", "123456"], count: 2), TopEntry(["admin", "admin"], count: 1), TopEntry(["root", "toor"], count: 1),
        ])
        XCTAssertEqual(try r.rollupTop(.command, filter: ragged, limit: 10), [TopEntry(["uname -a"], count: 2)])
        XCTAssertEqual(try r.rollupTop(.cve, filter: ragged, limit: 10),
                       [TopEntry(["CVE-2020-0001"], count: 2), TopEntry(["CVE-2021-41773"], count: 1)])
        XCTAssertEqual(try r.rollupTop(.signature, filter: ragged, limit: 10), [TopEntry(["ET SCAN probe"], count: 1)])
        XCTAssertEqual(try r.rollupTop(.destPort, filter: ragged, limit: 10), [TopEntry(["23"], count: 1), TopEntry(["2222"], count: 1)])
        XCTAssertEqual(try r.series(.honeypot, filter: ragged, bucketMilliseconds: 3_600_000), [
            SeriesPoint(bucket: t0, key: "ssh", count: 4), SeriesPoint(bucket: t0, key: "telnet", count: 2),
            SeriesPoint(bucket: at(60), key: "ids", count: 1), SeriesPoint(bucket: at(60), key: "ssh", count: 2),
            SeriesPoint(bucket: at(60), key: "web", count: 1),
        ])
    }

    func testRollupAnswersEqualTheScanForEveryDimensionAndRange() throws {
        // The day before and the two days after, so that ranges use the day level too.
        try store.append([
            event(.loginFailed, "ssh", ip: a, at: -1500, user: "root", pass: "123456", geo: ("NL", 64496, "AS-64496"), session: "00000000000a"),
            event(.loginFailed, "telnet", ip: b, at: 1500, port: 23, user: "admin", pass: "admin", session: "00000000000b"),
            event(.sessionConnect, "ssh", ip: "198.51.100.9", at: 3000, session: "000000000010"),
        ])
        let r = try reader()
        // 11-26 00:40 to 11-29 13:40: raw edges, half-hours to 11-27 00:00, days to 11-29, half-hours again.
        let days = EventFilter(since: at(-2000), until: at(3100))
        XCTAssertEqual(RollupSpan(days)?.pieces.map(\.prefix), ["day:", "", ""])
        XCTAssertEqual(try r.rollupTotals(days), Totals(events: 16, attackers: 6, sessions: 6))
        XCTAssertEqual(try r.rollupTop(.username, filter: days, limit: 10), [TopEntry(["root"], count: 5), TopEntry(["admin"], count: 2)])
        let ranges = [
            days,
            EventFilter(since: at(-600)), // from 11-27 00:00, open end: days then nothing
            ragged,
            EventFilter(since: t0, until: at(120)), // whole buckets only
            EventFilter(since: at(10)), // open end
            EventFilter(since: at(29), until: at(31)), // both edges, no whole bucket in between
        ]
        for f in ranges {
            XCTAssertEqual(try r.totals(f), try r.scanTotals(f), "\(f)")
            for dimension in Dimension.allCases {
                XCTAssertEqual(try r.top(dimension, filter: f, limit: 10), try r.scanTop(dimension, filter: f, limit: 10), "\(dimension) \(f)")
            }
            for dimension in [Dimension.honeypot, .destPort, .event, .country] {
                for w: Int64 in [1_800_000, 3_600_000, 86_400_000] {
                    XCTAssertEqual(try r.series(dimension, filter: f, bucketMilliseconds: w),
                                   try r.series(dimension, filter: f, bucketMilliseconds: w, rollups: false), "\(dimension) \(w) \(f)")
                }
            }
        }
        // Filters other than time, and ranges without a whole bucket, are not for rollups.
        XCTAssertNil(RollupSpan(EventFilter(since: at(10), until: at(100), honeypot: "ssh")))
        XCTAssertNil(RollupSpan(EventFilter(since: at(10), until: at(40))))
        XCTAssertNil(RollupSpan(EventFilter(until: at(100))))
    }

    func testMigrationBackfillsAnExistingStore() throws {
        // Back to the v1 schema, as a store written before rollups existed.
        let keys = "SELECT src_ip || ' ' || CASE WHEN varied THEN 'varied' ELSE quote(country) || ' ' || quote(asn) END FROM rollup_src_ips ORDER BY 1"
        let written = try store.fetchStrings(sql: keys)
            + store.fetchStrings(sql: "SELECT session || ' ' || first_ts || ' ' || last_ts FROM rollup_session_spans ORDER BY 1")
        XCTAssertEqual(written.count, 10)
        let chunks = try chunkSums(store)
        try store.execute(sql: """
            DROP TABLE rollups; DROP TABLE rollup_src_ips; DROP TABLE rollup_session_spans; DROP TABLE rollup_src_ip_chunks; DROP INDEX events_files_ts;
            DELETE FROM grdb_migrations WHERE identifier IN ('v2: rollups', 'v3: session spans')
            """)
        XCTAssertEqual(try store.fetchStrings(sql: "SELECT COUNT(*) FROM sqlite_master WHERE name = 'rollups'"), ["0"])
        store = nil
        store = try SQLiteEventStore(path: dir.file("mitsu.sqlite"), retentionDays: 0)
        XCTAssertEqual(try store.fetchStrings(sql: "SELECT SUM(n) FROM rollups WHERE dimension = 'event'"), ["13"])
        // The backfilled key tables are what the writer had kept.
        XCTAssertEqual(try store.fetchStrings(sql: keys)
                       + store.fetchStrings(sql: "SELECT session || ' ' || first_ts || ' ' || last_ts FROM rollup_session_spans ORDER BY 1"), written)
        XCTAssertEqual(try chunkSums(store), chunks)
        XCTAssertEqual(try store.fetchStrings(sql: keys),
                       ["198.51.100.7 varied", "198.51.100.8 NULL NULL", "192.0.2.1 varied", "2001:db8::5 varied", "203.0.113.9 'DE' 64500"].sorted())
        let r = try reader()
        XCTAssertEqual(try r.rollupTotals(ragged), Totals(events: 10, attackers: 4, sessions: 4))
        XCTAssertEqual(try r.rollupTop(.asn, filter: ragged, limit: 10), try r.scanTop(.asn, filter: ragged, limit: 10))
        XCTAssertEqual(try r.rollupTop(.username, filter: ragged, limit: 10), [TopEntry(["root"], count: 3), TopEntry(["admin"], count: 1)])
    }

    func testPurgeTakesPurgedEventsOutOfTheRollups() throws {
        // 10:40 falls inside the 10:30 bucket: the 10:35 login goes, the rest of that bucket stays.
        XCTAssertEqual(try store.purge(before: at(40)), 4)
        XCTAssertEqual(try store.fetchStrings(sql: """
            SELECT COUNT(*) FROM rollups WHERE bucket < \(at(30).millisecondsSince1970) AND dimension NOT LIKE 'day:%'
            """), ["0"])
        // The day's rows lost the four events too (rebuilt from what is left of the day).
        XCTAssertEqual(try store.fetchStrings(sql: "SELECT SUM(n) FROM rollups WHERE dimension = 'day:event'"), ["9"])
        XCTAssertEqual(try store.fetchStrings(sql: "SELECT COUNT(*) FROM rollup_src_ip_chunks WHERE width = 1800000 AND bucket < \(at(30).millisecondsSince1970)"), ["0"])
        let purged = try chunkSums(store)
        try store.pool.write { db in
            try db.execute(sql: "DELETE FROM rollup_src_ip_chunks")
            try AddressChunks.backfill(db)
        }
        XCTAssertEqual(purged, try chunkSums(store))
        let r = try reader()
        let all = EventFilter(since: t0, until: at(180))
        XCTAssertEqual(try r.rollupTotals(all), Totals(events: 9, attackers: 5, sessions: 5))
        for dimension in Dimension.allCases {
            XCTAssertEqual(try r.top(dimension, filter: all, limit: 10), try r.scanTop(dimension, filter: all, limit: 10), "\(dimension)")
        }
        XCTAssertEqual(try r.topSourcesFromChunks(all, span: RollupSpan(all)!, limit: 10), try r.scanTop(.srcIP, filter: all, limit: 10))
        XCTAssertEqual(try r.rollupTop(.password, filter: all, limit: 10),
                       [TopEntry(["123456"], count: 1), TopEntry(["toor"], count: 1), TopEntry(["x"], count: 1)])
    }
}
