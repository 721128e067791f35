import XCTest
@testable import MitsuCore

final class EventCodecTests: XCTestCase {
    func sample() -> Event {
        var e = Event(kind: .payload, honeypot: "trap", session: SessionID("0123456789ab"),
                      timestamp: Timestamp(millisecondsSince1970: 1_790_000_000_123))
        e.srcIP = "2001:db8::7"
        e.srcPort = 51_234
        e.destIP = "192.0.2.1"
        e.destPort = 8888
        e.transport = "tcp"
        e.username = "ro\"ot\n"
        e.payload = PayloadInfo(captured: Array("GET / HTTP/1.0\r\n\r\n\u{1}".utf8))
        e.geoip = GeoIPInfo(countryCode2: "US", countryName: "United States", latitude: 37.751, longitude: -97.822, asn: 15169)
        e.http = HTTPInfo(method: "GET", uri: "/x?a=<script>", headers: ["User-Agent": "curl/8"])
        e.attack = AttackInfo(categories: ["recon"], cves: ["CVE-2021-44228"])
        e.sip = SIPInfo(method: "REGISTER", uri: "sip:192.0.2.1", from: "\"100\" <sip:100@x>;tag=1", to: "<sip:100@x>",
                        userAgent: "friendly-scanner", callID: "c@h", scanner: "friendly-scanner", status: 401, realm: "asterisk",
                        nonce: "5f3a9c21", digestURI: "sip:192.0.2.1", response: "0123456789abcdef0123456789abcdef")
        e.alert = AlertInfo(signatureID: 2_000_001, signature: "ET TEST", category: "misc", severity: 2, cveIDs: ["CVE-2017-0144"])
        e.duration = 1.5
        e.bytesIn = 10
        e.message = "tab\there"
        e.protocol = "mqtt"
        e.clientID = "mosq-7Rk2"
        e.dns = DNSInfo(rrname: "version.bind", rrtype: "TXT")
        return e
    }

    func testFieldNamesAreTPotCompatible() throws {
        let line = EventCodec.encodeString(sample())
        let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        XCTAssertEqual(obj?["@timestamp"] as? String, "2026-09-21T14:13:20.123Z")
        XCTAssertEqual(obj?["event"] as? String, "payload")
        XCTAssertEqual(obj?["src_ip"] as? String, "2001:db8::7")
        XCTAssertEqual(obj?["dest_port"] as? Int, 8888)
        let geo = obj?["geoip"] as? [String: Any]
        XCTAssertEqual(geo?["country_code2"] as? String, "US")
        XCTAssertEqual(geo?["asn"] as? Int, 15169)
        let payload = obj?["payload"] as? [String: Any]
        XCTAssertEqual(payload?["sha256"] as? String, Digests.sha256(Array("GET / HTTP/1.0\r\n\r\n\u{1}".utf8)))
        XCTAssertEqual(payload?["printable"] as? String, "GET / HTTP/1.0\r\n\r\n.")
        XCTAssertEqual((obj?["alert"] as? [String: Any])?["signature_id"] as? Int, 2_000_001)
        let sip = obj?["sip"] as? [String: Any]
        XCTAssertEqual(sip?["call_id"] as? String, "c@h")
        XCTAssertEqual(sip?["user_agent"] as? String, "friendly-scanner")
        XCTAssertEqual(sip?["digest_uri"] as? String, "sip:192.0.2.1")
        XCTAssertEqual(sip?["status"] as? Int, 401)
        XCTAssertEqual((obj?["http"] as? [String: Any])?["user_agent"] as? String, nil)
        XCTAssertTrue(line.hasPrefix("{\"@timestamp\":\"2026-09-21T14:13:20.123Z\",\"event\":\"payload\",\"honeypot\":\"trap\",\"session\":\"0123456789ab\""), line)
        XCTAssertFalse(line.contains("\n"), "one event is one line")
        XCTAssertNil(obj?["password"], "absent fields are omitted")
        XCTAssertEqual(obj?["client_id"] as? String, "mosq-7Rk2")
        XCTAssertEqual((obj?["dns"] as? [String: Any])?["rrtype"] as? String, "TXT")
    }

    func testRoundTrip() throws {
        let e = sample()
        XCTAssertEqual(try EventCodec.decode(EventCodec.encode(e)), e)
        var line = EventCodec.encode(e)
        line += [13, 10]
        XCTAssertEqual(try EventCodec.decode(line), e)
    }

    func testEveryControlByteStaysOneLineAndRoundTrips() throws {
        var e = Event(kind: .commandInput, honeypot: "ssh", timestamp: Timestamp(millisecondsSince1970: 0))
        e.input = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self) + "é\u{2028}😀"
        let line = EventCodec.encode(e)
        XCTAssertFalse(line.contains(10))
        XCTAssertFalse(line.contains(13))
        XCTAssertEqual(try EventCodec.decode(line).input, e.input)
    }

    func testMalformedTruncatedAndOversizedLinesAreErrors() {
        let good = EventCodec.encode(sample())
        for cut in stride(from: 0, to: good.count - 1, by: 7) {
            XCTAssertThrowsError(try EventCodec.decode(good.prefix(cut)), "prefix \(cut)")
        }
        XCTAssertThrowsError(try EventCodec.decode(Array("{\"@timestamp\":\"x\",\"event\":\"payload\",\"honeypot\":\"t\"}".utf8)))
        XCTAssertThrowsError(try EventCodec.decode(Array("{\"@timestamp\":\"2026-01-01T00:00:00.000Z\",\"event\":\"no.such.kind\",\"honeypot\":\"t\"}".utf8)))
        XCTAssertThrowsError(try EventCodec.decode(Array("{\"@timestamp\":\"2026-01-01T00:00:00.000Z\",\"event\":\"payload\",\"honeypot\":\"t\",\"session\":\"../../etc\"}".utf8)))
        XCTAssertThrowsError(try EventCodec.decode(Array("[]".utf8)))
        XCTAssertThrowsError(try EventCodec.decode([UInt8](repeating: 0xFF, count: 100)))
        let huge = [UInt8](repeating: 32, count: EventCodec.maxLineBytes + 1)
        XCTAssertThrowsError(try EventCodec.decode(huge)) { XCTAssertEqual($0 as? EventCodec.DecodeError, .tooLong(huge.count)) }
        let deep = Array(String(repeating: "[", count: 100_000).utf8)
        XCTAssertThrowsError(try EventCodec.decode(deep))
    }

    func testUnknownFieldsAreIgnored() throws {
        let line = Array("{\"@timestamp\":\"2026-01-01T00:00:00.5+01:00\",\"event\":\"payload\",\"honeypot\":\"t\",\"future_field\":{\"a\":1}}".utf8)
        let e = try EventCodec.decode(line)
        XCTAssertEqual(e.timestamp.iso8601, "2025-12-31T23:00:00.500Z")
    }

    func testSessionIDs() {
        var seen = Set<String>()
        for _ in 0..<1000 {
            let id = SessionID.random()
            XCTAssertEqual(id.rawValue.count, 12)
            XCTAssertNotNil(SessionID(id.rawValue))
            seen.insert(id.rawValue)
        }
        XCTAssertGreaterThan(seen.count, 990)
        XCTAssertNil(SessionID("0123456789AB"))
        XCTAssertNil(SessionID("0123456789a"))
    }

    /// Connection ids sort by time (the store's session indexes rely on it) and never repeat in a process.
    func testNewSessionIDsSortByTimeAndAreUnique() throws {
        let minute = Timestamp(millisecondsSince1970: 1_795_000_000_000)  // 2026-11-18T...
        let ids = (0..<10_000).map { _ in SessionID.next(now: minute).rawValue }
        XCTAssertEqual(Set(ids).count, ids.count)
        XCTAssertTrue(ids.allSatisfy { SessionID($0) != nil })
        // The first five digits are the minute modulo 2^20.
        let prefix = String(UInt64(1_795_000_000_000 / 60_000) & 0xF_FFFF, radix: 16)
        XCTAssertTrue(ids.allSatisfy { $0.hasPrefix(String(repeating: "0", count: 5 - prefix.count) + prefix) }, "\(ids[0]) vs \(prefix)")
        // Within the minute they count up (a wrap of the 28-bit counter, once in 2^28 ids, is the only exception).
        let ascending = zip(ids, ids.dropFirst()).filter { $0 < $1 }.count
        XCTAssertGreaterThanOrEqual(ascending, ids.count - 2)
        // A later minute sorts after every id of the earlier one.
        let later = SessionID.next(now: Timestamp(millisecondsSince1970: minute.millisecondsSince1970 + 60_000)).rawValue
        XCTAssertTrue(ids.allSatisfy { $0 < later })
    }

    func testTimestampFormatting() {
        XCTAssertEqual(Timestamp(millisecondsSince1970: 0).iso8601, "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(Timestamp(millisecondsSince1970: 951_782_400_007).iso8601, "2000-02-29T00:00:00.007Z")
        XCTAssertEqual(Timestamp(millisecondsSince1970: -1).iso8601, "1969-12-31T23:59:59.999Z")
        for ms: Int64 in [0, 1, 999, 86_399_999, 1_790_000_000_123, 4_102_444_800_000, -86_400_001] {
            let t = Timestamp(millisecondsSince1970: ms)
            XCTAssertEqual(Timestamp(iso8601: t.iso8601), t)
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            XCTAssertEqual(f.string(from: t.date), t.iso8601)
        }
        XCTAssertNil(Timestamp(iso8601: "2026-13-01T00:00:00Z"))
        XCTAssertNil(Timestamp(iso8601: "2026-01-01T00:00:00"))
        XCTAssertNil(Timestamp(iso8601: "2026-01-01T00:00:00.Z"))
    }

    func testIPTextNormalisation() {
        XCTAssertEqual(IPText.normalized("::ffff:192.0.2.1"), "192.0.2.1")
        XCTAssertEqual(IPText.normalized("2001:DB8:0:0::1"), "2001:db8::1")
        XCTAssertEqual(IPText.normalized("10.0.0.1"), "10.0.0.1")
        XCTAssertNil(IPText.normalized("10.0.0"))
        XCTAssertNil(IPText.normalized("fe80::1%eth0"))
        XCTAssertNil(IPText.normalized(String(repeating: "1", count: 1000)))
    }

    func testIPv4MappedBytes() {
        let mapped: [UInt8] = Array(repeating: 0, count: 10) + [0xFF, 0xFF, 192, 0, 2, 1]
        XCTAssertTrue(IPText.isIPv4Mapped(mapped))
        XCTAssertTrue(IPText.isIPv4Mapped(mapped[...]))
        // One bit off in the prefix, the wrong length, IPv4-compatible (::a.b.c.d) and plain IPv4: not mapped.
        for i in 0..<12 {
            var other = mapped
            other[i] ^= 0x01
            XCTAssertFalse(IPText.isIPv4Mapped(other), "byte \(i)")
        }
        XCTAssertFalse(IPText.isIPv4Mapped(Array(mapped.dropLast())))
        XCTAssertFalse(IPText.isIPv4Mapped(mapped + [0]))
        XCTAssertFalse(IPText.isIPv4Mapped(Array(repeating: 0, count: 12) + [192, 0, 2, 1]))
        XCTAssertFalse(IPText.isIPv4Mapped([192, 0, 2, 1] as [UInt8]))
        XCTAssertFalse(IPText.isIPv4Mapped([UInt8]()))
    }
}

/// The hand-written decoder against Foundation's JSONDecoder (Event is still Codable) on the same lines.
final class EventDecoderDifferentialTests: XCTestCase {
    func testAgreesWithFoundationOnValidLines() throws {
        let lines = [
            #"{"@timestamp":"2026-01-01T00:00:00.000Z","event":"login.failed","honeypot":"ssh","username":"r\u00f6ot","password":"\ud83d\ude00\"\\\/\b\f\n\r\t","src_port":0}"#,
            #"{ "honeypot" : "trap" , "event":"payload", "@timestamp":"2026-01-01T00:00:00Z", "payload":{"length":3,"sha256":"x","printable":"abc","b64":"YWJj","truncated":false}, "duration": 1.5e3, "bytes_in": -7 }"#,
            #"{"@timestamp":"2026-01-01T00:00:00.000Z","event":"http.request","honeypot":"web","http":{"headers":{"A":"1","B":""},"method":"GET"},"attack":{"categories":[],"cves":["CVE-1"]},"geoip":{"latitude":-0.5,"asn":15169}}"#,
            #"{"@timestamp":"2026-01-01T00:00:00.000Z","event":"ids.alert","honeypot":"ids","alert":{"signature_id":1,"signature":"s","cve_ids":["a","b"]},"password":null}"#,
            #"{"@timestamp":"2026-01-01T00:00:00.000Z","event":"payload","honeypot":"t","input":"GET / HTTP/1.1\r\nHost: h\r\nX: \"q\" \u00e9t\u00e9\\end\r\n\r\n","message":"\t"}"#,
        ]
        for line in lines {
            let mine = try EventCodec.decode(Array(line.utf8))
            let foundation = try JSONDecoder().decode(Event.self, from: Data(line.utf8))
            XCTAssertEqual(mine, foundation, line)
        }
    }

    func testRejectsWhatJSONRejects() {
        let bad = [
            #"{"@timestamp":"2026-01-01T00:00:00.000Z","event":"payload","honeypot":"t"} trailing"#,
            #"{"@timestamp":"2026-01-01T00:00:00.000Z","event":"payload","honeypot":"t",}"#,
            #"{"@timestamp":"2026-01-01T00:00:00.000Z","event":"payload","honeypot":"t","src_port":1.5}"#,
            #"{"@timestamp":"2026-01-01T00:00:00.000Z","event":"payload","honeypot":"t","src_port":99999999999999999999999}"#,
            #"{"@timestamp":"2026-01-01T00:00:00.000Z","event":"payload","honeypot":"t","username":"\ud800"}"#,
            #"{"@timestamp":"2026-01-01T00:00:00.000Z","event":"payload","honeypot":"t","username":"\x"}"#,
            #"{"@timestamp":"2026-01-01T00:00:00.000Z","event":"payload","honeypot":"t","username":"a"#,
            #"{"@timestamp":"2026-01-01T00:00:00.000Z","event":"payload"}"#,
            #"{"@timestamp":"2026-01-01T00:00:00.000Z","event":"payload","honeypot":"t","x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"#,
            #"{"@timestamp":"2026-01-01T00:00:00.000Z","event":"payload","honeypot":"t","payload":{"length":1}}"#,
            "{\"@timestamp\":\"2026-01-01T00:00:00.000Z\",\"event\":\"payload\",\"honeypot\":\"t\u{01}\"}",
            "{\"@timestamp\":\"2026-01-01T00:00:00.000Z\",\"event\":\"payload\",\"honeypot\":\"a\\\\nplain run \u{01} after an escape\"}",
            "{\"@timestamp\":\"2026-01-01T00:00:00.000Z\",\"event\":\"payload\",\"honeypot\":\"a\\\\nno closing quote",
        ]
        for line in bad {
            XCTAssertThrowsError(try EventCodec.decode(Array(line.utf8)), line)
        }
    }
}
