import Foundation
import GRDB
import MitsuCore
@testable import MitsuStore
import XCTest

/// The writer's Swift aggregation (`RollupBatch`) against SQLite's own (`Rollups.apply`, the reference),
/// the per-key tables' figures, and the top-addresses answer that subtracts the events before the range.
final class RollupWriterTests: XCTestCase {
    private var dir: TemporaryDirectory!
    private var store: SQLiteEventStore!
    private let t0 = ts("2026-11-27T23:10:00.000Z")

    private func at(_ minutes: Int) -> Timestamp { t0.adding(milliseconds: Int64(minutes) * 60_000) }

    private func event(_ kind: EventKind, ip: String?, at minutes: Int, session: String? = nil,
                       geo: GeoIPInfo? = nil, honeypot: String = "ssh") -> Event {
        var e = Event(kind: kind, honeypot: honeypot, session: session.flatMap(SessionID.init), timestamp: at(minutes))
        e.srcIP = ip
        e.destPort = 22
        e.geoip = geo
        return e
    }

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        store = try SQLiteEventStore(path: dir.file("mitsu.sqlite"), retentionDays: 0)
    }

    private func reader() throws -> EventReader { try EventReader(path: dir.file("mitsu.sqlite")) }

    /// Every row of the rollup tables, typed (quote() keeps 64496 and '64496' apart), and the address
    /// chunks summed per bucket, by address text (ids depend on the order addresses were first stored).
    private func snapshot() throws -> [String] {
        try store.fetchStrings(sql: """
            SELECT dimension || '|' || bucket || '|' || quote(key1) || '|' || quote(key2) || '|' || quote(detail1) || '|' || quote(detail2) || '|' || n
            FROM rollups ORDER BY 1
            """)
            + store.fetchStrings(sql: """
                SELECT 'ip|' || src_ip || '|' || CASE WHEN varied THEN 'varied' ELSE quote(country) || '|' || quote(asn) END
                FROM rollup_src_ips ORDER BY 1
                """)
            + store.fetchStrings(sql: "SELECT 'session|' || session || '|' || first_ts || '|' || last_ts FROM rollup_session_spans ORDER BY 1")
            + chunkSums(store)
    }

    func testWriterCompactsABucketsChunksAndKeepsTheirSum() throws {
        // 40 batches into one half-hour: chunks are merged whenever a bucket reaches `compactAt`.
        for i in 0..<40 {
            try store.append([event(.payload, ip: "192.0.2.\(i % 7)", at: 1), event(.payload, ip: "2001:db8::\(i % 3)", at: 2)])
        }
        let chunks = try store.fetchStrings(sql: "SELECT COUNT(*) FROM rollup_src_ip_chunks GROUP BY width ORDER BY width")
        XCTAssertEqual(chunks.count, 2)
        XCTAssertTrue(chunks.allSatisfy { Int($0)! < AddressChunks.compactAt }, "\(chunks)")
        let written = try chunkSums(store)
        XCTAssertTrue(written.contains("chunk|1800000|\(t0.millisecondsSince1970 / 1_800_000 * 1_800_000)|192.0.2.0|6"), "\(written)")
        try store.pool.write { db in
            try db.execute(sql: "DELETE FROM rollup_src_ip_chunks")
            try AddressChunks.backfill(db)
        }
        XCTAssertEqual(written, try chunkSums(store))
    }

    /// `(ts / w) * w` rounds towards zero: an event of 1969 must not land in the first bucket of 1970.
    func testEventsBefore1970CountPerKeyButInNoBucket() throws {
        var early = event(.payload, ip: "192.0.2.1", at: 0)
        early.timestamp = Timestamp(millisecondsSince1970: -60_000)
        var late = event(.payload, ip: "192.0.2.1", at: 0)
        late.timestamp = Timestamp(millisecondsSince1970: 60_000)
        try store.append([early, late])
        let written = try snapshot()
        XCTAssertTrue(written.contains("chunk|1800000|0|192.0.2.1|1"), "\(written)")
        XCTAssertTrue(written.contains("event|0|'payload'|''|NULL|NULL|1"), "\(written)")
        XCTAssertTrue(written.contains("ip|192.0.2.1|NULL|NULL"), "\(written)")
        try store.pool.write { db in
            try db.execute(sql: "DELETE FROM rollups; DELETE FROM rollup_src_ips; DELETE FROM rollup_session_spans; DELETE FROM rollup_src_ip_chunks")
            try Rollups.backfill(db)
            try RollupAddresses.backfill(db)
            try SessionSpans.backfill(db)
            try AddressChunks.backfill(db)
        }
        XCTAssertEqual(written, try snapshot())
        let r = try reader()
        let f = EventFilter(since: Timestamp(millisecondsSince1970: 0), until: Timestamp(millisecondsSince1970: 3_600_000))
        XCTAssertEqual(try r.totals(f), try r.scanTotals(f))
        XCTAssertEqual(try r.topSourcesFromChunks(f, span: RollupSpan(f)!, limit: 5), try r.scanTop(.srcIP, filter: f, limit: 5))
        XCTAssertEqual(try r.top(.event, filter: f), try r.scanTop(.event, filter: f))
    }

    func testChunkEncodingRoundTripsAndRejectsDamage() {
        let counts: [Int64: Int64] = [1: 3, 2: -1, 300: 1, 1 << 40: 70_000, 5: 0]
        let blob = AddressChunks.encode(counts)
        var decoded: [Int64: Int64] = [:]
        XCTAssertTrue(blob.withUnsafeBytes { AddressChunks.decode($0) { decoded[$0] = $1 } })
        XCTAssertEqual(decoded, counts.filter { $0.value != 0 })
        // A varint cut in the middle, and an id without its count.
        XCTAssertFalse([UInt8]([0x81]).withUnsafeBytes { AddressChunks.decode($0) { _, _ in } })
        XCTAssertFalse([UInt8]([0x01, 0x02, 0x01]).withUnsafeBytes { AddressChunks.decode($0) { _, _ in } })
    }

    /// Events that hit each dimension's conditions and the corners where Swift and SQL could disagree:
    /// an IPv4-mapped address, bytewise MAX of non-ASCII organisation names, an attack object with an
    /// empty CVE list beside alert CVEs (COALESCE takes the empty list), a repeated CVE, a login with a
    /// user but no password, a port on an event that is not a connect, midnight between batches.
    private var mixedBatches: [[Event]] {
        let nl = GeoIPInfo(countryCode2: "NL", asn: 64496, asOrg: "Zeta Org")
        let nl2 = GeoIPInfo(countryCode2: "NL", asn: 64496, asOrg: "Örg")
        var login = event(.loginFailed, ip: "::ffff:198.51.100.7", at: 1, session: "00000000000a", geo: nl)
        login.username = "root"
        login.password = "123456"
        var userOnly = event(.loginSuccess, ip: "198.51.100.7", at: 2, session: "00000000000a", geo: nl2)
        userOnly.username = "admin"
        var cmd = event(.commandInput, ip: "198.51.100.7", at: 3, session: "00000000000a")
        cmd.input = "uname -a; echo 'x'"
        var web = event(.httpRequest, ip: "2001:db8::5", at: 40, session: "00000000000b", honeypot: "web")
        web.attack = AttackInfo(categories: ["rce"], cves: [])
        web.alert = AlertInfo(signatureID: 1, signature: "ignored here", cveIDs: ["CVE-2020-0001"])
        var alert = event(.idsAlert, ip: "2001:DB8::5", at: 55, honeypot: "ids")
        alert.alert = AlertInfo(signatureID: 2, signature: "ET SCAN x", category: "Recon", cveIDs: ["CVE-2021-1", "CVE-2021-1"])
        var connect = event(.sessionConnect, ip: "203.0.113.9", at: 61, session: "00000000000c",
                            geo: GeoIPInfo(countryCode2: "DE", asn: 64500))
        connect.destPort = 2222
        let noIP = event(.sensorStart, ip: nil, at: 62, honeypot: "sensor")
        return [[login, userOnly, cmd], [web, alert], [connect, noIP, event(.sessionClose, ip: "203.0.113.9", at: 70, session: "00000000000c")]]
    }

    func testWriterRowsEqualSQLiteGroupingOfTheSameEvents() throws {
        // Every other batch comes prepared on the caller's thread (`StoreBatch`), as the collector sends them.
        for (i, batch) in mixedBatches.enumerated() { try store.append(batch, prepared: i % 2 == 0 ? StoreBatch(batch) : nil) }
        let written = try snapshot()
        try store.pool.write { db in
            try db.execute(sql: "DELETE FROM rollups; DELETE FROM rollup_src_ips; DELETE FROM rollup_session_spans; DELETE FROM rollup_src_ip_chunks")
            try Rollups.backfill(db)
            try RollupAddresses.backfill(db)
            try SessionSpans.backfill(db)
            try AddressChunks.backfill(db)
        }
        XCTAssertEqual(written, try snapshot())
        // A few rows by hand: the mapped address is the plain one, MAX('Zeta Org','Örg') is 'Örg' by
        // bytes (0xC3 > 0x5A), the empty attack CVE list wins over the alert's, a repeated CVE counts twice.
        let halfHour = t0.millisecondsSince1970 / 1_800_000 * 1_800_000
        let day = halfHour / 86_400_000 * 86_400_000
        XCTAssertTrue(written.contains("chunk|1800000|\(halfHour)|198.51.100.7|3"), "\(written)")
        XCTAssertTrue(written.contains("chunk|86400000|\(day)|198.51.100.7|3"), "\(written)")
        // Its third event had no GeoIP answer: details vary, so a top list reads them from the events.
        XCTAssertTrue(written.contains("ip|198.51.100.7|varied"), "\(written)")
        XCTAssertTrue(written.contains("ip|203.0.113.9|varied"), "\(written)")
        XCTAssertTrue(written.contains("ip|2001:db8::5|NULL|NULL"), "\(written)")
        XCTAssertTrue(written.contains("asn|\(halfHour)|64496|''|'Örg'|NULL|2"), "\(written)")
        XCTAssertEqual(written.filter { $0.hasPrefix("cve|") }.map { $0.split(separator: "|").last! }, ["2"])
        XCTAssertEqual(written.filter { $0.hasPrefix("day:cve|") }.count, 1)
        XCTAssertEqual(written.filter { $0.hasPrefix("dest_port|") }.count, 1)
        XCTAssertEqual(written.filter { $0.hasPrefix("src_ip|") || $0.hasPrefix("day:src_ip|") }, [])
        XCTAssertTrue(written.contains("session|00000000000c|\(at(61).millisecondsSince1970)|\(at(70).millisecondsSince1970)"), "\(written)")
        XCTAssertEqual(RollupBatch.Value.larger(.int(9), .text("1")), .text("1"))
        XCTAssertEqual(RollupBatch.Value.larger(.text("b"), .text("ab")), .text("b"))
        XCTAssertEqual(RollupBatch.Value.larger(nil, .int(3)), .int(3))
        XCTAssertEqual(Rollups.dimensions[RollupBatch.cve], .cve)
        XCTAssertEqual(Rollups.dimensions[RollupBatch.country], .country)
        XCTAssertEqual(Rollups.dimensions[RollupBatch.honeypot], .honeypot)
    }

    func testKeyTablesAnswerDistinctCountsOfRangesToAndBeforeTheNewestEvent() throws {
        for batch in mixedBatches { try store.append(batch) }
        let r = try reader()
        // Newest event at +70 min; each range ends after it.
        for (minutes, attackers, sessions) in [(0, 3, 3), (30, 2, 2), (56, 1, 1), (71, 0, 0)] {
            let f = EventFilter(since: at(minutes).adding(milliseconds: -1), until: at(200))
            XCTAssertEqual(try r.totals(f).attackers, attackers, "since +\(minutes)")
            XCTAssertEqual(try r.totals(f).sessions, sessions, "since +\(minutes)")
            XCTAssertEqual(try r.totals(f), try r.scanTotals(f), "since +\(minutes)")
        }
        // A range that ends before the newest event.
        let closed = EventFilter(since: at(-60), until: at(56))
        XCTAssertEqual(try r.rollupTotals(closed), Totals(events: 5, attackers: 2, sessions: 2))
        XCTAssertEqual(try r.rollupTotals(closed), try r.scanTotals(closed))
    }

    /// Stored counts and counts in range disagree: x has the most events but most are before the range;
    /// y, z and w tie in range and come out in address order; v has nothing in range.
    func testTopSourcesCountOnlyTheRangesEvents() throws {
        var events: [Event] = []
        func add(_ ip: String, _ minutes: [Int], asn: Int) {
            for m in minutes { events.append(event(.payload, ip: ip, at: m, geo: GeoIPInfo(countryCode2: "US", asn: asn))) }
        }
        add("192.0.2.50", [-300, -290, -280, -270, -260, 100], asn: 1)
        add("192.0.2.3", [-250, 95, 110, 120], asn: 2)
        add("192.0.2.20", [96, 111, 121], asn: 3)
        add("192.0.2.100", [97, 112, 122], asn: 4)
        add("192.0.2.9", [-200, -100], asn: 5)
        try store.append(events)
        let r = try reader()
        let f = EventFilter(since: at(90), until: at(500))
        let expected = [
            TopEntry(["192.0.2.100", "US", "4"], count: 3), TopEntry(["192.0.2.20", "US", "3"], count: 3),
            TopEntry(["192.0.2.3", "US", "2"], count: 3), TopEntry(["192.0.2.50", "US", "1"], count: 1),
        ]
        XCTAssertEqual(try r.top(.srcIP, filter: f, limit: 10), expected)
        XCTAssertEqual(try r.top(.srcIP, filter: f, limit: 2), Array(expected.prefix(2)))
        XCTAssertEqual(try r.top(.srcIP, filter: f, limit: 10), try r.scanTop(.srcIP, filter: f, limit: 10))
        XCTAssertEqual(try r.top(.srcIP, filter: f, limit: 0), [])
        // Details are the range's: an event of 192.0.2.3 before the range with another ASN does not count.
        var late = event(.payload, ip: "192.0.2.3", at: -240, geo: GeoIPInfo(countryCode2: "ZZ", asn: 99))
        late.destPort = 1
        try store.append([late])
        XCTAssertEqual(try r.top(.srcIP, filter: f, limit: 3), try r.scanTop(.srcIP, filter: f, limit: 3))
        XCTAssertEqual(try r.top(.srcIP, filter: f, limit: 3).last, TopEntry(["192.0.2.3", "US", "2"], count: 3))
        // Every start, ragged or not, against the scan.
        for minutes in stride(from: -310, through: 130, by: 7) {
            let g = EventFilter(since: at(minutes), until: at(500))
            XCTAssertEqual(try r.top(.srcIP, filter: g, limit: 3), try r.scanTop(.srcIP, filter: g, limit: 3), "since \(minutes)")
            XCTAssertEqual(try r.totals(g), try r.scanTotals(g), "since \(minutes)")
        }
    }

    /// The chunk path, which answers every plain range: top
    /// lists and distinct counts equal the scan, with ties ordered by address text across IPv4 and IPv6,
    /// an address whose GeoIP answer changed, ragged edges, day and half-hour buckets, and more tied
    /// addresses than are looked up by id (then they are walked in address order).
    func testTopSourcesFromChunksEqualTheScan() throws {
        var events: [Event] = []
        for i in 0..<2_100 {
            let ip = i % 3 == 0 ? "2001:db8::\(String(i, radix: 16))" : "198.51.\(i / 250).\(i % 250)"
            events.append(event(.payload, ip: ip, at: (i * 37) % 2_880 - 600, geo: GeoIPInfo(countryCode2: "NL", asn: 64496)))
        }
        for m in [5, 65, 700, 1500, 2100] {
            events.append(event(.payload, ip: "192.0.2.1", at: m, geo: GeoIPInfo(countryCode2: "US", asn: 1)))
        }
        for m in [6, 66, 701] {
            events.append(event(.payload, ip: "192.0.2.2", at: m, geo: GeoIPInfo(countryCode2: m == 66 ? "ZZ" : "DE", asn: m == 66 ? 9 : 2)))
        }
        try store.append(Array(events[..<1_000]))
        try store.append(Array(events[1_000...]))
        let r = try reader()
        for (since, until) in [(-700, 2_400), (-600, 900), (10, 1_450), (-14, 2_281), (300, 2_500), (60, 700)] {
            let f = EventFilter(since: at(since), until: at(until))
            guard let span = RollupSpan(f) else { return XCTFail("\(since) \(until) has whole buckets") }
            for limit in [0, 1, 3, 10, 25] {
                XCTAssertEqual(try r.topSourcesFromChunks(f, span: span, limit: limit), try r.scanTop(.srcIP, filter: f, limit: limit),
                               "\(since) \(until) \(limit)")
            }
            XCTAssertEqual(try r.read { try AddressTally($0, span: span).distinct }, try r.scanTotals(f).attackers, "\(since) \(until)")
        }
        // The widest range ties 2,000+ addresses at one event: the answer walked them in address order.
        let all = EventFilter(since: at(-700), until: at(2_400))
        XCTAssertEqual(try r.read { db in try AddressTally(db, span: RollupSpan(all)!).counts.filter { $0 == 1 }.count }, 2_100)
        XCTAssertEqual(try r.top(.srcIP, filter: all, limit: 3).map(\.values), [["192.0.2.1", "US", "1"], ["192.0.2.2", "ZZ", "9"], ["198.51.0.1", "NL", "64496"]])
    }

    func testPurgeKeepsTheKeyTablesExact() throws {
        for batch in mixedBatches { try store.append(batch) }
        // Everything before +50 goes: the login session and the web request.
        XCTAssertEqual(try store.purge(before: at(50)), 4)
        // 198.51.100.7 has no event left: its row went.
        XCTAssertEqual(try store.fetchStrings(sql: "SELECT src_ip FROM rollup_src_ips ORDER BY 1"), ["2001:db8::5", "203.0.113.9"])
        XCTAssertEqual(try store.fetchStrings(sql: "SELECT session FROM rollup_session_spans"), ["00000000000c"])
        let r = try reader()
        let f = EventFilter(since: at(-60), until: at(200))
        XCTAssertEqual(try r.totals(f), Totals(events: 4, attackers: 2, sessions: 1))
        XCTAssertEqual(try r.top(.srcIP, filter: f, limit: 10), try r.scanTop(.srcIP, filter: f, limit: 10))
        XCTAssertEqual(try r.topSourcesFromChunks(f, span: RollupSpan(f)!, limit: 10), try r.scanTop(.srcIP, filter: f, limit: 10))
        // The chunks after the purge (negative chunks, emptied buckets dropped, the cut-off's rebuilt) are
        // what a backfill of the remaining events writes.
        let afterPurge = try chunkSums(store)
        try store.pool.write { db in
            try db.execute(sql: "DELETE FROM rollup_src_ip_chunks")
            try AddressChunks.backfill(db)
        }
        XCTAssertEqual(afterPurge, try chunkSums(store))
        XCTAssertFalse(afterPurge.isEmpty)
        XCTAssertEqual(try store.purge(before: at(1000)), 4)
        XCTAssertEqual(try store.fetchStrings(sql: "SELECT COUNT(*) FROM rollup_src_ips"), ["0"])
        XCTAssertEqual(try store.fetchStrings(sql: "SELECT COUNT(*) FROM rollup_session_spans"), ["0"])
    }
}

/// The address chunks summed per (level, bucket, address), by address text, zero sums left out: what a
/// reader adds up, comparable between stores whose ids differ.
func chunkSums(_ store: SQLiteEventStore) throws -> [String] {
    try store.pool.read { db in
        let names = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, src_ip FROM rollup_src_ips").map { row -> (Int64, String) in
            (row[0], row[1])
        })
        var sums: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT width, bucket, counts FROM rollup_src_ip_chunks") {
            let width: Int64 = row[0], bucket: Int64 = row[1], blob: Data = row[2]
            let ok = blob.withUnsafeBytes { bytes in
                AddressChunks.decode(bytes) { id, n in sums["chunk|\(width)|\(bucket)|\(names[id] ?? "id \(id)")", default: 0] += n }
            }
            XCTAssertTrue(ok)
        }
        return sums.filter { $0.value != 0 }.map { "\($0.key)|\($0.value)" }.sorted()
    }
}
