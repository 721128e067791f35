import Foundation
import MitsuCore
@testable import MitsuIDS

enum Fixture {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    static func events(_ name: String) throws -> [Event] {
        let text = try String(contentsOfFile: path(name), encoding: .utf8)
        return try text.split(separator: "\n").map { try EventCodec.decode(Array($0.utf8)) }
    }
}

/// One rule, parsed or the test fails with the reason.
func rule(_ text: String) throws -> Rule {
    try RuleParser().parse(text)
}

/// A rule around `options` with a fixed header and sid.
func ruleWith(_ options: String, proto: String = "tcp") throws -> Rule {
    try rule("alert \(proto) any any -> any any (msg:\"t\"; \(options) sid:1; rev:1;)")
}

/// An input with only the raw payload set.
func payloadInput(_ bytes: [UInt8], flow: String = "f1", time: Int64 = 0) -> InspectionInput {
    var i = InspectionInput(flowKey: flow, timeMillis: time)
    i.transport = "tcp"
    i.srcIP = "203.0.113.5"
    i.srcPort = 40000
    i.destIP = "192.0.2.10"
    i.destPort = 80
    i[.payload] = bytes
    return i
}

func payloadInput(_ text: String) -> InspectionInput { payloadInput(Array(text.utf8)) }

/// True when `options` (one rule) fires on `input`.
func fires(_ options: String, _ input: InspectionInput, proto: String = "tcp") throws -> Bool {
    let engine = IDSEngine(rules: [try ruleWith(options, proto: proto)])
    return !engine.matchingRules(input).isEmpty
}

func httpEvent(method: String = "GET", uri: String, headers: [String: String] = [:], body: String? = nil) -> Event {
    var e = Event(kind: .httpRequest, honeypot: "web", session: SessionID("00000000abcd"))
    e.srcIP = "203.0.113.9"
    e.srcPort = 50000
    e.destIP = "192.0.2.10"
    e.destPort = 80
    e.transport = "tcp"
    var h = ["Host": "example.test:8080", "User-Agent": "UnitTest/1.0"]
    for (k, v) in headers { h[k] = v }
    e.http = HTTPInfo(method: method, uri: uri, version: "HTTP/1.1", host: h["Host"], userAgent: h["User-Agent"], headers: h)
    if let body {
        e.payload = PayloadInfo(length: body.utf8.count, sha256: "", printable: "", b64: Data(body.utf8).base64EncodedString())
    }
    return e
}
