import MitsuCore
@testable import MitsuStore
import XCTest

final class SQLiteEventStoreQueryTests: XCTestCase {
    private var dir: TemporaryDirectory!
    private var store: SQLiteEventStore!
    private let base = ts("2026-11-27T10:00:00.000Z")
    private let sessionA = SessionID("0123456789ab")!
    private let sessionB = SessionID("ba9876543210")!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        // A small address-index tail, so that seed() leaves six events in the index and four in the tail.
        let path = dir.file("mitsu.sqlite")
        store = try SQLiteEventStore(path: path, retentionDays: 30, checkpointer: WALCheckpointer(path: path), addressMergeRows: 5)
    }

    override func tearDown() {
        store = nil
        dir = nil
    }

    /// Ten events a minute apart, with varied honeypots, kinds, addresses and sessions.
    private func seed() throws -> [Event] {
        let ips = ["198.51.100.7", "203.0.113.5", "203.0.113.200", "203.0.114.1", "2001:db8::1",
                   "2001:db8:1:2::99", "2001:db9::1", "192.0.2.1", "::ffff:198.51.100.7", "2001:0DB8:0:0:0:0:0:1"]
        var events: [Event] = []
        for i in 0..<10 {
            events.append(sampleEvent(
                i, at: base.adding(milliseconds: Int64(i) * 60_000),
                honeypot: i % 2 == 0 ? "ssh" : "web",
                kind: i % 3 == 0 ? .sessionConnect : .loginFailed,
                srcIP: ips[i],
                session: i < 4 ? sessionA : sessionB))
        }
        try store.append(Array(events[..<6]))
        try store.append(Array(events[6...]))
        return events
    }

    func testAppendThenQueryReturnsEveryFieldNewestFirst() throws {
        let events = try seed()
        let all = try store.query(EventQuery())
        XCTAssertEqual(all, events.reversed())
        XCTAssertEqual(try store.count(EventQuery()), 10)
    }

    func testEmptyStringsStayEmptyStrings() throws {
        var e = sampleEvent(0, at: base, honeypot: "", srcIP: "")
        e.username = ""
        e.password = ""
        try store.append([e])
        XCTAssertEqual(try store.query(EventQuery(honeypot: "")), [e])
        XCTAssertEqual(try store.count(EventQuery(srcIP: "")), 1)
        XCTAssertEqual(try store.fetchStrings(sql: "SELECT quote(username) || quote(password) FROM events"), ["''''"])
    }

    func testEmptyAppendIsANoOp() throws {
        try store.append([])
        XCTAssertEqual(try store.count(EventQuery()), 0)
    }

    func testTimeRangeIsInclusiveSinceExclusiveUntil() throws {
        let events = try seed()
        let q = EventQuery(since: events[2].timestamp, until: events[5].timestamp, newestFirst: false)
        XCTAssertEqual(try store.query(q), Array(events[2..<5]))
        XCTAssertEqual(try store.count(q), 3)
        XCTAssertEqual(try store.count(EventQuery(since: events[9].timestamp.adding(milliseconds: 1))), 0)
    }

    func testHoneypotKindAndSessionFilters() throws {
        let events = try seed()
        XCTAssertEqual(try store.query(EventQuery(honeypot: "web", newestFirst: false)),
                       events.filter { $0.honeypot == "web" })
        XCTAssertEqual(try store.query(EventQuery(kind: .sessionConnect, newestFirst: false)),
                       events.filter { $0.kind == .sessionConnect })
        XCTAssertEqual(try store.query(EventQuery(session: sessionA, newestFirst: false)), Array(events[0..<4]))
        XCTAssertEqual(try store.count(EventQuery(honeypot: "ssh", kind: .sessionConnect, session: sessionB)),
                       events.filter { $0.honeypot == "ssh" && $0.kind == .sessionConnect && $0.session == sessionB }.count)
        XCTAssertEqual(try store.count(EventQuery(honeypot: "ftp")), 0)
    }

    func testExactIPv4IncludesMappedSpelling() throws {
        let events = try seed()
        // Stored as 198.51.100.7 and as ::ffff:198.51.100.7: one client, one address.
        XCTAssertEqual(try store.query(EventQuery(srcIP: "198.51.100.7", newestFirst: false)), [events[0], events[8]])
        XCTAssertEqual(try store.count(EventQuery(srcIP: "::ffff:198.51.100.7")), 2)
        XCTAssertEqual(try store.count(EventQuery(srcIP: "198.51.100.8")), 0)
    }

    func testExactIPv6MatchesAnySpelling() throws {
        let events = try seed()
        XCTAssertEqual(try store.query(EventQuery(srcIP: "2001:db8::1", newestFirst: false)), [events[4], events[9]])
        XCTAssertEqual(try store.count(EventQuery(srcIP: "2001:DB8:0::1")), 2)
        XCTAssertEqual(try store.count(EventQuery(srcIP: "2001:db8::1/128")), 2)
    }

    func testCIDRv4() throws {
        let events = try seed()
        XCTAssertEqual(try store.query(EventQuery(srcIP: "203.0.113.0/24", newestFirst: false)), [events[1], events[2]])
        // Not on an octet boundary: 203.0.112.0–203.0.115.255.
        XCTAssertEqual(try store.count(EventQuery(srcIP: "203.0.112.0/22")), 3)
        // Host bits in the query are ignored.
        XCTAssertEqual(try store.count(EventQuery(srcIP: "203.0.113.77/24")), 2)
        XCTAssertEqual(try store.count(EventQuery(srcIP: "203.0.0.0/16")), 3)
        XCTAssertEqual(try store.count(EventQuery(srcIP: "0.0.0.0/0")), 6)
        XCTAssertEqual(try store.count(EventQuery(srcIP: "192.0.0.0/4")), 6)
        XCTAssertEqual(try store.count(EventQuery(srcIP: "10.0.0.0/8")), 0)
    }

    func testCIDRv6() throws {
        let events = try seed()
        XCTAssertEqual(try store.query(EventQuery(srcIP: "2001:db8::/32", newestFirst: false)),
                       [events[4], events[5], events[9]])
        XCTAssertEqual(try store.count(EventQuery(srcIP: "2001:db8:1::/48")), 1)
        XCTAssertEqual(try store.count(EventQuery(srcIP: "2001:db8::/31")), 4)
        XCTAssertEqual(try store.count(EventQuery(srcIP: "2001::/16")), 4)
        XCTAssertEqual(try store.count(EventQuery(srcIP: "::/0")), 4)
        XCTAssertEqual(try store.count(EventQuery(srcIP: "2001:db8:0:0:0:0:0:0/64")), 2)
        // A mapped CIDR is the IPv4 block it maps.
        XCTAssertEqual(try store.count(EventQuery(srcIP: "::ffff:203.0.113.0/120")), 2)
    }

    func testCIDRQueryHonoursLimitAndOrder() throws {
        let events = try seed()
        XCTAssertEqual(try store.query(EventQuery(srcIP: "2001:db8::/32", limit: 2)), [events[9], events[5]])
        XCTAssertEqual(try store.query(EventQuery(srcIP: "2001:db8::/32", limit: 2, newestFirst: false)), [events[4], events[5]])
    }

    func testMalformedCIDRIsAnInvalidQuery() throws {
        for text in ["203.0.113.0/33", "2001:db8::/129", "foo/24", "203.0.113.0/", "203.0.113.0/+8", "1.2.3.4/24/1",
                     "not-an-address", "203.0.113.256", "2001:db8:::1"] {
            XCTAssertThrowsError(try store.query(EventQuery(srcIP: text)), text) { error in
                guard case StoreError.invalidQuery = error else { return XCTFail("\(text): \(error)") }
                XCTAssertTrue("\(error)".contains("src_ip"), "\(error)")
            }
        }
    }

    func testLimitAndOrder() throws {
        let events = try seed()
        XCTAssertEqual(try store.query(EventQuery(limit: 3)), [events[9], events[8], events[7]])
        XCTAssertEqual(try store.query(EventQuery(limit: 3, newestFirst: false)), Array(events[0..<3]))
        XCTAssertEqual(try store.query(EventQuery(limit: 0)), [])
        XCTAssertEqual(try store.query(EventQuery(limit: .max)).count, 10)
    }

    func testDefaultLimitIs100() throws {
        try store.append((0..<150).map { sampleEvent($0, at: base.adding(milliseconds: Int64($0))) })
        XCTAssertEqual(try store.query(EventQuery()).count, 100)
        XCTAssertEqual(try store.count(EventQuery()), 150)
    }

    func testSameMillisecondKeepsInsertionOrder() throws {
        let events = (0..<5).map { sampleEvent($0, at: base) }
        try store.append(events)
        XCTAssertEqual(try store.query(EventQuery(newestFirst: false)), events)
        XCTAssertEqual(try store.query(EventQuery()), events.reversed())
    }

    func testIndexedColumnsAreFilled() throws {
        _ = try seed()
        let row = try store.fetchStrings(sql: """
            SELECT ts || '|' || event || '|' || honeypot || '|' || session || '|' || src_ip || '|' || src_port || '|' ||
                   dest_port || '|' || protocol || '|' || username || '|' || password || '|' || country || '|' || asn
            FROM events WHERE id = 10
            """)
        XCTAssertEqual(row, ["\(base.millisecondsSince1970 + 9 * 60_000)|session.connect|web|ba9876543210|2001:db8::1|40009|22|ssh|root|pass9|NL|64496"])
    }
}
