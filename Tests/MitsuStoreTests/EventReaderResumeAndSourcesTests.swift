import Foundation
import MitsuCore
@testable import MitsuStore
import XCTest

/// The store queries the dashboard added for Last-Event-ID replay and captured files' source URLs.
final class EventReaderResumeAndSourcesTests: XCTestCase {
    private var dir: TemporaryDirectory!
    private var reader: EventReader!
    private let t0 = ts("2026-11-27T10:00:00.000Z")
    private let a = String(repeating: "aa", count: 32), b = String(repeating: "bb", count: 32), c = String(repeating: "cc", count: 32)

    private func file(_ kind: EventKind, _ sha: String, _ url: String?, at minutes: Int, honeypot: String = "ssh") -> Event {
        var e = Event(kind: kind, honeypot: honeypot, timestamp: t0.adding(milliseconds: Int64(minutes) * 60_000))
        e.srcIP = "198.51.100.7"
        e.sha256 = sha
        e.url = url
        return e
    }

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        let store = try SQLiteEventStore(path: dir.file("mitsu.sqlite"), retentionDays: 0)
        try store.append([
            file(.fileDownload, a, "http://198.51.100.1/x.sh", at: 1),
            file(.fileDownload, a, "http://198.51.100.2/x.sh", at: 5),
            file(.fileDownload, a, "http://198.51.100.1/x.sh", at: 7),
            file(.fileDownload, a, "tftp://198.51.100.3/x", at: 3, honeypot: "telnet"),
            file(.fileUpload, b, nil, at: 2),
            file(.fileDownload, c, "http://203.0.113.5/<b>c", at: 4),
            file(.fileDownload, c, "http://203.0.113.5/c", at: 90),
        ])
        reader = try EventReader(path: dir.file("mitsu.sqlite"))
    }

    func testSourceURLsPerFileNewestFirstAndFiltered() throws {
        let all = try reader.sourceURLs(of: [a, b, c, a], filter: EventFilter())
        XCTAssertEqual(all[a], ["http://198.51.100.1/x.sh", "http://198.51.100.2/x.sh", "tftp://198.51.100.3/x"])
        XCTAssertNil(all[b], "an upload has no source URL")
        XCTAssertEqual(all[c], ["http://203.0.113.5/c", "http://203.0.113.5/<b>c"])
        let firstHourSSH = EventFilter(since: t0, until: t0.adding(milliseconds: 3_600_000), honeypot: "ssh")
        let some = try reader.sourceURLs(of: [a, c], filter: firstHourSSH)
        XCTAssertEqual(some[a], ["http://198.51.100.1/x.sh", "http://198.51.100.2/x.sh"])
        XCTAssertEqual(some[c], ["http://203.0.113.5/<b>c"])
        XCTAssertEqual(try reader.sourceURLs(of: [a], filter: EventFilter(), perFile: 1)[a], ["http://198.51.100.1/x.sh"])
        XCTAssertEqual(try reader.sourceURLs(of: [], filter: EventFilter()), [:])
    }

    func testLatestEventsAfterAnIDAreTheNewestOldestFirst() throws {
        let ids = try reader.events(after: 0, limit: 100).map(\.id)
        XCTAssertEqual(ids.count, 7)
        XCTAssertEqual(try reader.latestEvents(after: ids[1], limit: 3).map(\.id), Array(ids.suffix(3)))
        XCTAssertEqual(try reader.latestEvents(after: ids[4], limit: 10).map(\.id), [ids[5], ids[6]])
        XCTAssertEqual(try reader.latestEvents(after: ids[6], limit: 10).map(\.id), [])
        XCTAssertEqual(try reader.latestEvents(after: 0, limit: 0).map(\.id), [])
    }
}
