import Foundation
import MitsuCore
@testable import MitsuStore
import XCTest

/// The dashboard's query layer over a small store whose every figure is counted by hand below.
final class EventReaderAnalyticsTests: XCTestCase {
    private var dir: TemporaryDirectory!
    private var store: SQLiteEventStore!
    private var reader: EventReader!
    private let t0 = ts("2026-11-27T10:00:00.000Z")

    private func event(_ kind: EventKind, _ honeypot: String, ip: String, at minutes: Int, port: Int = 22,
                       user: String? = nil, pass: String? = nil, country: String? = nil, asn: Int? = nil,
                       session: String? = nil) -> Event {
        var e = Event(kind: kind, honeypot: honeypot, session: session.flatMap(SessionID.init),
                      timestamp: t0.adding(milliseconds: Int64(minutes) * 60_000))
        e.srcIP = ip
        e.destPort = port
        e.username = user
        e.password = pass
        if country != nil || asn != nil { e.geoip = GeoIPInfo(countryCode2: country, asn: asn, asOrg: asn.map { "AS-\($0)" }) }
        return e
    }

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        // A small address-index tail: the first six events are indexed by address, the rest are the tail.
        store = try SQLiteEventStore(path: dir.file("mitsu.sqlite"), retentionDays: 0,
                                     checkpointer: WALCheckpointer(path: dir.file("mitsu.sqlite")), addressMergeRows: 6)
        var events: [Event] = [
            event(.sessionConnect, "ssh", ip: "198.51.100.7", at: 0, country: "NL", asn: 64496, session: "00000000000a"),
            event(.loginFailed, "ssh", ip: "198.51.100.7", at: 1, user: "root", pass: "123456", country: "NL", asn: 64496, session: "00000000000a"),
            event(.loginFailed, "ssh", ip: "198.51.100.7", at: 2, user: "root", pass: "admin", country: "NL", asn: 64496, session: "00000000000a"),
            event(.loginSuccess, "ssh", ip: "198.51.100.7", at: 3, user: "root", pass: "123456", country: "NL", asn: 64496, session: "00000000000a"),
            event(.sessionConnect, "telnet", ip: "203.0.113.9", at: 5, port: 23, country: "DE", asn: 64500, session: "00000000000b"),
            event(.loginFailed, "telnet", ip: "203.0.113.9", at: 6, port: 23, user: "admin", pass: "admin", country: "DE", asn: 64500, session: "00000000000b"),
            event(.sessionConnect, "web", ip: "2001:db8::5", at: 65, port: 80, session: "00000000000c"),
        ]
        var cmd = event(.commandInput, "ssh", ip: "198.51.100.7", at: 4, country: "NL", asn: 64496, session: "00000000000a")
        cmd.input = "uname -a"
        events.append(cmd)
        var web = event(.httpRequest, "web", ip: "2001:db8::5", at: 66, port: 80, session: "00000000000c")
        web.http = HTTPInfo(method: "GET", uri: "/<script>alert(1)</script>", userAgent: "curl/7.88")
        web.attack = AttackInfo(categories: ["xss"], cves: ["CVE-2021-41773", "CVE-2017-9841"])
        events.append(web)
        var file = event(.fileDownload, "ssh", ip: "198.51.100.7", at: 4, country: "NL", asn: 64496, session: "00000000000a")
        file.sha256 = String(repeating: "ab", count: 32)
        file.url = "http://198.51.100.1/x.sh"
        file.size = 42
        events.append(file)
        try store.append(Array(events[..<6]))
        try store.append(Array(events[6...]))
        reader = try EventReader(path: dir.file("mitsu.sqlite"))
    }

    func testTotals() throws {
        XCTAssertEqual(try reader.totals(EventFilter()), Totals(events: 10, attackers: 3, sessions: 3))
        let firstHour = EventFilter(since: t0, until: t0.adding(milliseconds: 3_600_000))
        XCTAssertEqual(try reader.totals(firstHour), Totals(events: 8, attackers: 2, sessions: 2))
    }

    func testTopSourceIPsCarryCountryAndASN() throws {
        let top = try reader.top(.srcIP, filter: EventFilter())
        XCTAssertEqual(top, [
            TopEntry(["198.51.100.7", "NL", "64496"], count: 6),
            TopEntry(["2001:db8::5", nil, nil], count: 2),
            TopEntry(["203.0.113.9", "DE", "64500"], count: 2),
        ])
    }

    func testTopCredentialsCountOnlyLogins() throws {
        XCTAssertEqual(try reader.top(.username, filter: EventFilter()), [TopEntry(["root"], count: 3), TopEntry(["admin"], count: 1)])
        XCTAssertEqual(try reader.top(.password, filter: EventFilter()), [TopEntry(["123456"], count: 2), TopEntry(["admin"], count: 2)])
        XCTAssertEqual(try reader.top(.credentials, filter: EventFilter(), limit: 2),
                       [TopEntry(["root", "123456"], count: 2), TopEntry(["admin", "admin"], count: 1)])
    }

    func testTopJSONFieldsAndArrays() throws {
        XCTAssertEqual(try reader.top(.command, filter: EventFilter()), [TopEntry(["uname -a"], count: 1)])
        XCTAssertEqual(try reader.top(.input, filter: EventFilter(honeypot: "ssh")), [TopEntry(["uname -a"], count: 1)])
        XCTAssertEqual(try reader.top(.httpURI, filter: EventFilter()), [TopEntry(["/<script>alert(1)</script>"], count: 1)])
        XCTAssertEqual(try reader.top(.cve, filter: EventFilter()),
                       [TopEntry(["CVE-2017-9841"], count: 1), TopEntry(["CVE-2021-41773"], count: 1)])
        XCTAssertEqual(try reader.top(.asn, filter: EventFilter()),
                       [TopEntry(["64496", "AS-64496"], count: 6), TopEntry(["64500", "AS-64500"], count: 2)])
        XCTAssertEqual(try reader.top(.destPort, filter: EventFilter()),
                       [TopEntry(["22"], count: 1), TopEntry(["23"], count: 1), TopEntry(["80"], count: 1)])
    }

    func testSeriesByHoneypotInHourBuckets() throws {
        let points = try reader.series(.honeypot, filter: EventFilter(), bucketMilliseconds: 3_600_000)
        let h1 = t0.adding(milliseconds: 3_600_000)
        XCTAssertEqual(points, [
            SeriesPoint(bucket: t0, key: "ssh", count: 6), SeriesPoint(bucket: t0, key: "telnet", count: 2),
            SeriesPoint(bucket: h1, key: "web", count: 2),
        ])
        let capped = try reader.series(.honeypot, filter: EventFilter(), bucketMilliseconds: 3_600_000, maxKeys: 1)
        XCTAssertEqual(capped.map(\.key), ["other", "ssh", "other"])
    }

    func testFiltersCIDRv4v6CountryTextAndPaging() throws {
        XCTAssertEqual(try reader.count(EventFilter(srcIP: "198.51.100.0/24")), 6)
        XCTAssertEqual(try reader.count(EventFilter(srcIP: "198.51.0.0/16")), 6)
        XCTAssertEqual(try reader.count(EventFilter(srcIP: "2001:db8::/32")), 2)
        XCTAssertEqual(try reader.count(EventFilter(srcIP: "::ffff:203.0.113.9")), 2)
        XCTAssertEqual(try reader.count(EventFilter(srcIP: "0.0.0.0/0")), 8)
        XCTAssertEqual(try reader.count(EventFilter(country: "de")), 2)
        XCTAssertEqual(try reader.count(EventFilter(asn: 64496)), 6)
        XCTAssertEqual(try reader.count(EventFilter(username: "root")), 3)
        XCTAssertEqual(try reader.count(EventFilter(text: "uname")), 1)
        // % and _ are literal in the free-text box.
        XCTAssertEqual(try reader.count(EventFilter(text: "%")), 0)
        XCTAssertThrowsError(try reader.count(EventFilter(srcIP: "not-an-ip")))
        let page1 = try reader.events(EventFilter(honeypot: "ssh"), limit: 2)
        let page2 = try reader.events(EventFilter(honeypot: "ssh"), limit: 2, offset: 2)
        XCTAssertEqual(page1.map(\.event.kind), [.fileDownload, .commandInput])
        XCTAssertEqual(page2.map(\.event.kind), [.loginSuccess, .loginFailed])
        let session = try reader.events(EventFilter(session: "00000000000b"), newestFirst: false)
        XCTAssertEqual(session.map(\.event.kind), [.sessionConnect, .loginFailed])
        XCTAssertEqual(try reader.event(id: session[0].id)?.event.srcIP, "203.0.113.9")
    }

    func testCapturedFilesAndLivePolling() throws {
        let files = try reader.capturedFiles(EventFilter())
        XCTAssertEqual(files, [CapturedFile(sha256: String(repeating: "ab", count: 32), firstSeen: t0.adding(milliseconds: 240_000),
                                            lastSeen: t0.adding(milliseconds: 240_000), count: 1, url: "http://198.51.100.1/x.sh", size: 42)])
        let last = try reader.lastID()
        XCTAssertEqual(try reader.events(after: last), [])
        try store.append([event(.sessionConnect, "trap", ip: "192.0.2.1", at: 70, port: 4444)])
        let fresh = try reader.events(after: last)
        XCTAssertEqual(fresh.map(\.event.honeypot), ["trap"])
        XCTAssertEqual(fresh.first?.id, last + 1)
        XCTAssertEqual(try reader.lastID(), last + 1)
    }

    func testReaderCannotWrite() throws {
        XCTAssertThrowsError(try reader.read { db in try db.execute(sql: "DELETE FROM events") })
        XCTAssertEqual(try reader.count(EventFilter()), 10)
    }
}
