import Foundation
import MitsuCore
@testable import MitsuDashboard
@testable import MitsuStore
import XCTest

final class LiveResumeTests: XCTestCase {
    private func stored(_ id: Int64) -> StoredEvent {
        StoredEvent(id: id, event: Event(kind: .loginFailed, honeypot: "ssh"), json: "{}")
    }

    /// A store of ids 1...n, as `EventReader.latestEvents` answers.
    private func fetcher(_ ids: [Int64]) -> (Int64, Int) -> [StoredEvent] {
        { after, limit in Array(ids.filter { $0 > after }.suffix(limit)).map(self.stored) }
    }

    func testReplaysMissedEventsInOrderThenLiveWithoutDuplicates() {
        let r = LiveResume(after: 3, limit: 100, fetch: fetcher(Array(1...8)))
        XCTAssertEqual(r.replay.map(\.id), [4, 5, 6, 7, 8])
        XCTAssertFalse(r.truncated)
        // The feed may publish rows the replay already read (6, 7, 8), then new ones.
        let live: [Int64] = [6, 7, 8, 9, 10]
        let sent = r.replay.map(\.id) + live.filter(r.admits)
        XCTAssertEqual(sent, [4, 5, 6, 7, 8, 9, 10])
    }

    func testBoundedToTheNewest() {
        let r = LiveResume(after: 0, limit: 5, fetch: fetcher(Array(1...20)))
        XCTAssertEqual(r.replay.map(\.id), [16, 17, 18, 19, 20])
        XCTAssertTrue(r.truncated)
        XCTAssertFalse(r.admits(20))
        XCTAssertTrue(r.admits(21))
        // Exactly `limit` missed is not truncation.
        XCTAssertFalse(LiveResume(after: 15, limit: 5, fetch: fetcher(Array(1...20))).truncated)
    }

    func testNothingMissed() {
        let r = LiveResume(after: 8, limit: 10, fetch: fetcher(Array(1...8)))
        XCTAssertEqual(r.replay.count, 0)
        XCTAssertFalse(r.admits(8))
        XCTAssertTrue(r.admits(9))
        // A fetch that misbehaves (returns the resume point itself) never makes the browser see it twice.
        let sloppy = LiveResume(after: 5, limit: 10) { _, _ in [self.stored(5), self.stored(6)] }
        XCTAssertEqual(sloppy.replay.map(\.id), [6])
    }

    func testLastEventIDParsing() throws {
        XCTAssertNil(try LiveResume.lastEventID(header: nil, query: nil))
        XCTAssertEqual(try LiveResume.lastEventID(header: "42", query: "7"), 42, "the header is the fresher one")
        XCTAssertEqual(try LiveResume.lastEventID(header: nil, query: "7"), 7)
        XCTAssertEqual(try LiveResume.lastEventID(header: " 9 ", query: nil), 9)
        XCTAssertEqual(try LiveResume.lastEventID(header: "", query: "7"), 7, "an empty header is no header")
        XCTAssertNil(try LiveResume.lastEventID(header: " ", query: ""))
        for bad in ["-1", "x", "1e3", "99999999999999999999", "0x10", "1;2", "+5"] {
            XCTAssertThrowsError(try LiveResume.lastEventID(header: bad, query: nil), bad)
        }
    }

    func testAgainstARealStore() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mitsu-resume-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("mitsu.sqlite").path
        let store = try SQLiteEventStore(path: path, retentionDays: 0)
        let t0 = Timestamp(iso8601: "2026-11-27T10:00:00.000Z")!
        // Timestamps out of order: the resume order is the store's (row id), not the event time.
        try store.append((0..<12).map { i in
            var e = Event(kind: .loginFailed, honeypot: "ssh", timestamp: t0.adding(milliseconds: Int64((i * 7) % 12) * 1000))
            e.username = "u\(i)"
            return e
        })
        let reader = try EventReader(path: path)
        let all = try reader.events(after: 0, limit: 100).map(\.id)
        XCTAssertEqual(all.count, 12)
        let r = try LiveResume(after: all[3], limit: 5) { try reader.latestEvents(after: $0, limit: $1) }
        XCTAssertEqual(r.replay.map(\.id), Array(all.suffix(5)))
        XCTAssertEqual(r.replay.map { $0.event.username }, (7..<12).map { "u\($0)" })
        XCTAssertTrue(r.truncated)
        let small = try LiveResume(after: all[9], limit: 5) { try reader.latestEvents(after: $0, limit: $1) }
        XCTAssertEqual(small.replay.map(\.id), [all[10], all[11]])
        XCTAssertFalse(small.truncated)
        XCTAssertEqual(try reader.latestEvents(after: all[11], limit: 5).count, 0)
    }
}
