import XCTest
import Foundation
@testable import MitsuIDS

/// ≥20,000 rules in ET Open's shape: every one loads; load time and memory are printed, not asserted.
final class LoadTests: XCTestCase {
    /// ET-shaped rules: HTTP sticky buffers with a fast pattern, relative contents, pcre on one in ten,
    /// flowbits and thresholds on a few, metadata and references on all. Tokens are random so that the
    /// prefilter holds 20k distinct patterns.
    static func generate(_ n: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        func token(_ len: Int) -> String { String((0..<len).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }) }
        var out = ""
        for i in 0..<n {
            let sid = 2_000_000 + i
            let meta = "reference:url,example.com/\(token(8)); classtype:trojan-activity; sid:\(sid); rev:\(i % 7 + 1); metadata:attack_target Client_Endpoint, created_at 2020_01_01, cve CVE_2020_\(1000 + i % 9000), signature_severity Major, updated_at 2024_01_01;"
            switch i % 10 {
            case 0...3:
                out += "alert http $HOME_NET any -> $EXTERNAL_NET any (msg:\"ET TEST uri \(i)\"; flow:established,to_server; http.method; content:\"GET\"; http.uri; content:\"/\(token(6))/\(token(5)).php\"; fast_pattern; content:\"?id=\"; distance:0; http.header_names; content:!\"Referer\"; \(meta))\n"
            case 4, 5:
                out += "alert http $HOME_NET any -> $EXTERNAL_NET any (msg:\"ET TEST ua \(i)\"; flow:established,to_server; http.user_agent; content:\"\(token(10))\"; nocase; startswith; http.host; content:\".\(token(4))\"; endswith; \(meta))\n"
            case 6:
                out += "alert tcp $EXTERNAL_NET any -> $HOME_NET [80,443,8000:9000] (msg:\"ET TEST tcp \(i)\"; flow:established,to_server; dsize:>10; content:\"|\(String(format: "%02x %02x", i & 0xff, (i >> 8) & 0xff))|\(token(6))\"; depth:20; byte_test:1,>,3,0,relative; \(meta))\n"
            case 7:
                out += "alert http any any -> $HOME_NET any (msg:\"ET TEST pcre \(i)\"; flow:established,to_server; http.uri; content:\"/\(token(7))\"; fast_pattern; pcre:\"/\\/\(token(3))[a-z]{2,8}\\.(?:php|asp)/Ui\"; \(meta))\n"
            case 8:
                out += "alert http $HOME_NET any -> $EXTERNAL_NET any (msg:\"ET TEST flowbits \(i)\"; flow:established,to_server; http.request_body; content:\"\(token(9))=\"; flowbits:set,ET.t\(i); flowbits:noalert; \(meta))\n"
            default:
                out += "alert http $HOME_NET any -> $EXTERNAL_NET any (msg:\"ET TEST threshold \(i)\"; flow:established,to_server; http.cookie; content:\"\(token(8))\"; threshold:type limit, track by_src, count 1, seconds 600; \(meta))\n"
            }
        }
        return out
    }

    func testTwentyThousandETShapedRulesLoad() throws {
        let text = Self.generate(20_000)
        let before = Self.residentKiB()
        let start = Date()
        let (rules, rejects) = RuleLoader.load(text: text)
        let parsed = Date()
        let engine = IDSEngine(rules: rules)
        let built = Date()
        let after = Self.residentKiB()
        XCTAssertTrue(rejects.isEmpty, "\(rejects.prefix(3))")
        XCTAssertEqual(rules.count, 20_000)
        print(String(format: "ids load: 20000 rules parsed in %.2f s, engine built in %.2f s, resident +%d MiB",
                     parsed.timeIntervalSince(start), built.timeIntervalSince(parsed), (after - before) / 1024))
        // The engine finds a generated rule's own pattern.
        let sample = try XCTUnwrap(rules.first { $0.sid == 2_000_004 })
        guard case .content(let c) = sample.programs.first(where: { $0.buffer == .httpUserAgent })?.items.first else { return XCTFail() }
        var input = payloadInput("x")
        input.appProtocol = "http"
        input[.httpUserAgent] = c.bytes + Array(" rest".utf8)
        input[.httpHost] = Array("www.example".utf8)
        XCTAssertGreaterThanOrEqual(engine.candidateCount(input), 1)
    }

    static func residentKiB() -> Int {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
}
