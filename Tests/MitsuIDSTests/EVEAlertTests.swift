import XCTest
import MitsuCore
@testable import MitsuIDS

final class EVEAlertTests: XCTestCase {
    let line = #"{"timestamp":"2024-04-19T10:00:01.250000+0200","flow_id":1,"event_type":"alert","src_ip":"198.51.100.4","src_port":51000,"dest_ip":"192.0.2.10","dest_port":80,"proto":"TCP","app_proto":"http","alert":{"action":"allowed","gid":1,"signature_id":2034647,"rev":3,"signature":"ET EXPLOIT Apache log4j RCE Attempt","category":"Attempted Administrator Privilege Gain","severity":1,"metadata":{"cve":["CVE_2021_44228"]}}}"#

    func testAlertLineBecomesIDSAlertEvent() throws {
        let e = try XCTUnwrap(EVEAlert.event(fromLine: Array(line.utf8)))
        XCTAssertEqual(e.kind, .idsAlert)
        XCTAssertEqual(e.honeypot, "suricata")
        XCTAssertEqual(e.timestamp.iso8601, "2024-04-19T08:00:01.250Z")
        XCTAssertEqual(e.srcIP, "198.51.100.4")
        XCTAssertEqual(e.destPort, 80)
        XCTAssertEqual(e.transport, "tcp")
        XCTAssertEqual(e.protocol, "http")
        XCTAssertEqual(e.alert, AlertInfo(signatureID: 2034647, signature: "ET EXPLOIT Apache log4j RCE Attempt",
                                          category: "Attempted Administrator Privilege Gain", severity: 1,
                                          cveIDs: ["CVE-2021-44228"], rev: 3))
    }

    func testNonAlertsAndGarbageAreIgnored() {
        XCTAssertNil(EVEAlert.event(fromLine: Array(#"{"event_type":"flow","src_ip":"1.2.3.4"}"#.utf8)))
        XCTAssertNil(EVEAlert.event(fromLine: Array(#"{"event_type":"alert","alert":{"signature":"x"}}"#.utf8)))
        XCTAssertNil(EVEAlert.event(fromLine: Array("not json".utf8)))
    }

    func testTailFollowsAppendsAndRotation() throws {
        let path = NSTemporaryDirectory() + "eve-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("{\"event_type\":\"flow\"}\n".utf8).write(to: URL(fileURLWithPath: path))
        let tail = EVETail(path: path)
        XCTAssertEqual(tail.poll().count, 0)
        let h = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        h.seekToEndOfFile()
        h.write(Data((line + "\n" + line.prefix(40)).utf8))  // one whole alert, one partial line
        XCTAssertEqual(tail.poll().count, 1)
        h.write(Data((line.dropFirst(40) + "\n").utf8))
        XCTAssertEqual(tail.poll().count, 1)
        try h.close()
        // Rotation: the file is replaced by a shorter one.
        try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(tail.poll().count, 1)
    }
}
