import Foundation
import MitsuCore
import XCTest

final class BoxedTests: XCTestCase {
    func testEventStaysSmallToCopy() {
        // Every event is copied several times between a worker's socket and the stores; the rarely set
        // sub-objects are boxed so that a copy moves 864 bytes, not 1,448.
        XCTAssertLessThanOrEqual(MemoryLayout<Event>.size, 900)
    }

    func testCopiesAreIndependentValues() {
        var a = Event(kind: .httpRequest, honeypot: "web")
        a.http = HTTPInfo(method: "GET", uri: "/a")
        var b = a
        b.http?.uri = "/b"
        XCTAssertEqual(a.http?.uri, "/a")
        XCTAssertEqual(b.http?.uri, "/b")
        XCTAssertNotEqual(a, b)
        b.http?.uri = "/a"
        XCTAssertEqual(a, b, "equality compares the values, not the boxes")
        b.http = nil
        XCTAssertNil(b.http)
        XCTAssertEqual(a.http?.method, "GET")
    }

    func testFoundationCodableOmitsAbsentBoxesAndReadsThemBack() throws {
        var e = Event(kind: .payload, honeypot: "trap", timestamp: Timestamp(millisecondsSince1970: 1_700_000_000_000))
        e.dns = DNSInfo(rrname: "version.bind", rrtype: "TXT")
        let json = String(decoding: try JSONEncoder().encode(e), as: UTF8.self)
        XCTAssertTrue(json.contains("version.bind"))
        for absent in ["\"http\"", "\"sip\"", "\"tls\"", "\"alert\"", "\"canary\""] {
            XCTAssertFalse(json.contains(absent), "\(absent) in \(json)")
        }
        XCTAssertEqual(try JSONDecoder().decode(Event.self, from: Data(json.utf8)), e)
    }
}
