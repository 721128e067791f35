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
    e.http = HTTPInfo(method: method, uri: uri, version: "HTTP/1.1", host: h["Host"], userAgent: h["User-Agent"], headers: h,
                      bodySHA256: body.map { Digests.sha256(Array($0.utf8)) })
    if let body {
        e.payload = PayloadInfo(length: body.utf8.count, sha256: "", printable: "", b64: Data(body.utf8).base64EncodedString())
    }
    return e
}

/// True when the one rule `options` under header protocol `proto` alerts on `event` (the whole engine path:
/// buffers from the event, header, prefilter, evaluation).
func fires(_ proto: String, _ options: String, _ event: Event) throws -> Bool {
    !IDSEngine(rules: [try ruleWith(options, proto: proto)]).inspect(event).isEmpty
}

/// A trap `payload` event as the trap sensor writes it: the bytes, and what protocol detection made of them.
func trapPayload(_ bytes: [UInt8], port: Int = 4444, transport: String = "tcp", srcIP: String = "2001:db8::7",
                 session: String = "00000000cafe") -> Event {
    var e = Event(kind: .payload, honeypot: "trap", session: SessionID(session))
    e.set(Endpoints(srcIP: srcIP, srcPort: 41000, destIP: "2001:db8::10", destPort: port), transport: transport)
    e.payload = PayloadInfo(captured: bytes)
    e.apply(ProtocolDetector.detect(bytes, transport: transport == "udp" ? .udp : .tcp))
    return e
}

/// A minimal TLS 1.2 ClientHello record: one cipher suite, no compression, an SNI extension.
func clientHello(sni: String) -> [UInt8] {
    var body: [UInt8] = [3, 3] + [UInt8](repeating: 1, count: 32) + [0, 0, 2, 0x13, 0x01, 1, 0]
    let name = Array(sni.utf8)
    let ext: [UInt8] = [0, 0, 0, UInt8(name.count + 5), 0, UInt8(name.count + 3), 0, 0, UInt8(name.count)] + name
    body += [0, UInt8(ext.count)] + ext
    let hs: [UInt8] = [1, 0, 0, UInt8(body.count)] + body
    return [22, 3, 1, 0, UInt8(hs.count)] + hs
}

/// A DNS query for `labels` (type and class A/IN unless given); over TCP with the 2-byte length prefix.
func dnsQuery(_ labels: [String], type: UInt8 = 1, class qclass: UInt8 = 1, tcp: Bool = false) -> [UInt8] {
    var q: [UInt8] = [0xab, 0xcd, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    for l in labels { q += [UInt8(l.utf8.count)] + Array(l.utf8) }
    q += [0, 0, type, 0, qclass]
    return tcp ? [UInt8(q.count >> 8), UInt8(q.count & 0xff)] + q : q
}
