import Foundation
import MitsuCore
@testable import MitsuStore
import XCTest

/// The trap page's "protocol spoken vs port" table, counted by hand.
final class EventReaderProtocolPortsTests: XCTestCase {
    func testPayloadsGroupedByProtocolAndPort() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteEventStore(path: dir.file("mitsu.sqlite"), retentionDays: 0)
        let t0 = ts("2026-11-27T10:00:00.000Z")
        func payload(_ proto: String?, _ port: Int, minute: Int = 0, kind: EventKind = .payload, honeypot: String = "trap") -> Event {
            var e = Event(kind: kind, honeypot: honeypot, timestamp: t0.adding(milliseconds: Int64(minute) * 60_000))
            e.srcIP = "198.51.100.7"
            e.destPort = port
            e.protocol = proto
            return e
        }
        try store.append([
            payload("http", 6379), payload("http", 6379), payload("http", 6379), payload("redis", 6379),
            payload("ssh", 2375), payload("ssh", 2375), payload("http", 8888), payload("tls", 8888, minute: 120),
            payload(nil, 81),  // stored before detection: left out
            payload("http", 6379, kind: .sessionConnect),  // not a payload
            payload("ssh", 22, kind: .payload, honeypot: "ssh"),
        ])
        let reader = try EventReader(path: dir.file("mitsu.sqlite"))
        var trap = EventFilter()
        trap.honeypot = "trap"
        XCTAssertEqual(try reader.protocolsByPort(trap), [
            TopEntry(["http", "6379"], count: 3), TopEntry(["ssh", "2375"], count: 2), TopEntry(["http", "8888"], count: 1),
            TopEntry(["redis", "6379"], count: 1), TopEntry(["tls", "8888"], count: 1),
        ])
        var firstHour = trap
        firstHour.since = t0
        firstHour.until = t0.adding(milliseconds: 3_600_000)
        XCTAssertEqual(try reader.protocolsByPort(firstHour, limit: 2), [TopEntry(["http", "6379"], count: 3), TopEntry(["ssh", "2375"], count: 2)])
        XCTAssertEqual(try reader.protocolsByPort(EventFilter()).first, TopEntry(["http", "6379"], count: 3))
        XCTAssertEqual(try reader.protocolsByPort(EventFilter()).count, 6)
    }
}
