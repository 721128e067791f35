import MitsuCore
import XCTest

final class WebConfigTests: XCTestCase {
    func testDefaultsAndFamily() throws {
        let c = try MitsuConfig.parse("", file: "m.yaml")
        XCTAssertTrue(MitsuConfig.familyNames.contains("web"))
        XCTAssertEqual(c.web.common.tcpPorts, [80, 8080])
        XCTAssertEqual(c.web.httpsPorts, [443, 8443])
        XCTAssertEqual(c.web.persona, "nginx")
        XCTAssertTrue(c.enabledFamilies.contains("web"))
    }

    func testValuesAndRoundTrip() throws {
        let c = try MitsuConfig.parse("""
        honeypots:
          web:
            tcp_ports: [8000]
            https_ports: [9443]
            persona: apache
            hostname: intranet.example
            max_body_size: 2MiB
            raw_cap: 8KiB
        """, file: "m.yaml")
        XCTAssertEqual(c.web.persona, "apache")
        XCTAssertEqual(c.web.maxBodySize, 2 << 20)
        XCTAssertEqual(c.web.rawCap, 8192)
        XCTAssertEqual(try MitsuConfig.parse(c.yaml(), file: "printed"), c)
    }

    func testErrorsNameFileLineAndKey() {
        let cases: [(String, Int, String)] = [
            ("honeypots:\n  web:\n    persona: iis\n", 3, "honeypots.web.persona"),
            ("honeypots:\n  web:\n    tcp_ports: [80]\n    https_ports: [80]\n", 0, "honeypots.web.https_ports"),
            ("honeypots:\n  web:\n    max_body_size: 1TiB\n", 3, "honeypots.web.max_body_size"),
            ("honeypots:\n  web:\n    no_such_key: 1\n", 3, "honeypots.web.no_such_key"),
        ]
        for (yaml, line, key) in cases {
            XCTAssertThrowsError(try MitsuConfig.parse(yaml, file: "m.yaml")) { e in
                guard let e = e as? ConfigError else { return XCTFail("\(e)") }
                XCTAssertEqual(e.file, "m.yaml")
                XCTAssertEqual(e.key, key, yaml)
                // A check across two keys names the section's line (0 here: not compared).
                if line > 0 { XCTAssertEqual(e.line, line, yaml) } else { XCTAssertNotNil(e.line) }
            }
        }
    }
}
