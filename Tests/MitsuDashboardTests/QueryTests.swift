import MitsuCore
@testable import MitsuDashboard
import XCTest

final class QueryTests: XCTestCase {
    let now = Timestamp(iso8601: "2026-11-27T12:00:00.000Z")!

    func testPresetsAndBuckets() throws {
        let day = try TimeRange.parse(range: "24h", since: nil, until: nil, now: now)
        XCTAssertEqual(day.since.iso8601, "2026-11-26T12:00:00.000Z")
        XCTAssertEqual(day.bucketMilliseconds, 1_800_000)
        XCTAssertEqual(day.buckets.count, 49)
        XCTAssertEqual(try TimeRange.parse(range: "1h", since: nil, until: nil, now: now).bucketMilliseconds, 60_000)
        XCTAssertEqual(try TimeRange.parse(range: "30d", since: nil, until: nil, now: now).bucketMilliseconds, 43_200_000)
        let custom = try TimeRange.parse(range: nil, since: "2026-11-01T00:00", until: "2026-11-02", now: now)
        XCTAssertEqual(custom.name, "custom")
        XCTAssertEqual(custom.since.iso8601, "2026-11-01T00:00:00.000Z")
        XCTAssertEqual(custom.until.iso8601, "2026-11-02T00:00:00.000Z")
        XCTAssertThrowsError(try TimeRange.parse(range: "2y", since: nil, until: nil, now: now))
        XCTAssertThrowsError(try TimeRange.parse(range: "custom", since: "yesterday", until: nil, now: now))
        XCTAssertEqual(try TimeRange.parse(range: "custom", since: "2026-11-02", until: "2026-11-01", now: now).buckets, [])
        XCTAssertEqual(try TimeRange.parse(range: "custom", since: nil, until: "2026-11-02t00:00:00z", now: now).since.iso8601,
                       "2026-11-01T00:00:00.000Z")
    }

    func testFilterQueryParsesAndRejects() throws {
        let fq = try FilterQuery(["src_ip": "2001:db8::/32", "country": "nl", "asn": "AS64496", "dest_port": "22", "q": "wget",
                                  "range": "7d", "junk": "x"], defaultRange: nil, now: now)
        XCTAssertEqual(fq.filter.srcIP, "2001:db8::/32")
        XCTAssertEqual(fq.filter.country, "NL")
        XCTAssertEqual(fq.filter.asn, 64496)
        XCTAssertEqual(fq.filter.destPort, 22)
        XCTAssertEqual(fq.filter.text, "wget")
        XCTAssertEqual(fq.range?.name, "7d")
        XCTAssertEqual(fq.queryString(replacing: [("offset", "50")]),
                       "range=7d&src_ip=2001:db8::%2F32&country=nl&asn=AS64496&dest_port=22&q=wget&offset=50")
        XCTAssertNil(try FilterQuery([:], defaultRange: nil, now: now).filter.since)
        XCTAssertNil(try FilterQuery(["range": "all"], defaultRange: "24h", now: now).range)
        for bad: [String: String] in [["src_ip": "1.2.3.4; DROP"], ["country": "<b>"], ["asn": "x"], ["dest_port": "70000"], ["range": "1y"],
                                         ["username": String(repeating: "a", count: 513)]] {
            XCTAssertThrowsError(try FilterQuery(bad, defaultRange: nil, now: now), "\(bad)")
        }
    }
}
