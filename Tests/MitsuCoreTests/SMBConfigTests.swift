import XCTest
@testable import MitsuCore

/// `honeypots.smb`: defaults, overrides, and errors that name file, line and key.
final class SMBConfigTests: XCTestCase {
    func testDefaultsAreAWindowsServer2019On445And139() throws {
        let c = try MitsuConfig.parse("", file: "empty.yaml")
        XCTAssertTrue(c.smb.common.enabled)
        XCTAssertEqual(c.smb.common.tcpPorts, [445, 139])
        XCTAssertEqual(c.smb.nativeOS, "Windows Server 2019 Standard 17763")
        XCTAssertTrue(c.smb.ms17010Vulnerable)
        XCTAssertEqual(c.family("smb")?.tcpPorts, [445, 139])
    }

    func testOverridesAndRoundTrip() throws {
        let c = try MitsuConfig.parse("""
            honeypots:
              smb:
                netbios_name: dc01
                dns_domain: corp.example
                max_dialect: "3.0.2"
                ms17_010_vulnerable: false
                accept_logins: false
                shares: [Finance, "C$"]
                max_upload_bytes: 1MiB
            """, file: "smb.yaml")
        XCTAssertEqual(c.smb.netbiosName, "DC01")
        XCTAssertEqual(c.smb.dnsDomain, "corp.example")
        XCTAssertEqual(c.smb.maxDialect, "3.0.2")
        XCTAssertFalse(c.smb.ms17010Vulnerable)
        XCTAssertFalse(c.smb.acceptLogins)
        XCTAssertEqual(c.smb.shares, ["Finance", "C$"])
        XCTAssertEqual(c.smb.maxUploadBytes, 1 << 20)
        XCTAssertEqual(try MitsuConfig.parse(c.yaml(), file: "again.yaml"), c)
    }

    func testBadValuesNameFileLineAndKey() {
        let cases: [(String, String, Int)] = [
            ("max_dialect: \"4.0\"", "honeypots.smb.max_dialect", 3),
            ("netbios_name: \"a name with spaces\"", "honeypots.smb.netbios_name", 3),
            ("shares: [\"a\\\\b\"]", "honeypots.smb.shares[0]", 3),
            ("smb1: maybe", "honeypots.smb.smb1", 3),
            ("no_such_key: 1", "honeypots.smb.no_such_key", 3),
        ]
        for (line, key, number) in cases {
            XCTAssertThrowsError(try MitsuConfig.parse("honeypots:\n  smb:\n    \(line)\n", file: "bad.yaml"), line) { error in
                guard let e = error as? ConfigError else { return XCTFail("not a ConfigError: \(error)") }
                XCTAssertEqual(e.file, "bad.yaml")
                XCTAssertEqual(e.key, key, line)
                XCTAssertEqual(e.line, number, line)
            }
        }
    }
}
