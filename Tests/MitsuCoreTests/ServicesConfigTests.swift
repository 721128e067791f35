import XCTest
@testable import MitsuCore

/// `honeypots.ftp|tftp|mysql|mssql` (MitsuServices): defaults, overrides and file:line:key errors.
final class ServicesConfigTests: XCTestCase {
    private func assertError(_ yaml: String, line: Int, key: String, contains text: String, at: UInt = #line) {
        XCTAssertThrowsError(try MitsuConfig.parse(yaml, file: "svc.yaml"), line: at) { error in
            let e = error as? ConfigError
            XCTAssertEqual(e?.key, key, line: at)
            XCTAssertEqual(e?.line, line, line: at)
            XCTAssertTrue(e?.description.hasPrefix("svc.yaml:\(line): \(key): ") ?? false, "\(String(describing: e))", line: at)
            XCTAssertTrue(e?.description.contains(text) ?? false, "\(String(describing: e))", line: at)
        }
    }

    func testDefaultsArePortsAndPersonas() {
        let c = MitsuConfig()
        XCTAssertEqual(c.ftp.common.tcpPorts, [21])
        XCTAssertEqual(c.tftp.common.udpPorts, [69])
        XCTAssertEqual(c.tftp.common.tcpPorts, [])
        XCTAssertEqual(c.mysql.common.tcpPorts, [3306])
        XCTAssertEqual(c.mssql.common.tcpPorts, [1433])
        XCTAssertEqual(c.ftp.banner, "(vsFTPd 3.0.3)")
        XCTAssertEqual(c.mysql.serverVersion, "5.5.5-10.11.6-MariaDB-0+deb12u1")
        XCTAssertEqual(c.mssql.versionParts?.major, 15)
        XCTAssertFalse(c.mysql.auth.loginPolicy().allows(ip: "192.0.2.1", user: "root", password: ""), "MySQL refuses by default")
        XCTAssertTrue(c.mssql.auth.loginPolicy().allows(ip: "192.0.2.1", user: "sa", password: "x"), "MSSQL accepts by default")
    }

    func testOverridesRoundTripThroughPrint() throws {
        let c = try MitsuConfig.parse("""
            limits:
              idle_seconds: 30
            honeypots:
              ftp:
                banner: "ProFTPD 1.3.8 Server (Debian)"
                auth_rules: ["anonymous:*"]
                max_upload_bytes: 1MiB
              tftp:
                udp_ports: [6969]
                retries: 2
              mysql:
                server_version: "8.0.36"
                auth_plugin: caching_sha2_password
              mssql:
                version: "16.0.1000"
                server_name: DB-PROD
            """, file: "svc.yaml")
        XCTAssertEqual(c.ftp.banner, "ProFTPD 1.3.8 Server (Debian)")
        XCTAssertEqual(c.ftp.maxUploadBytes, 1 << 20)
        XCTAssertEqual(c.ftp.common.limits.idleSeconds, 30, "global limits are inherited")
        XCTAssertEqual(c.tftp.common.udpPorts, [6969])
        XCTAssertEqual(c.mysql.authPlugin, "caching_sha2_password")
        XCTAssertEqual(c.mssql.serverName, "DB-PROD")
        XCTAssertEqual(try MitsuConfig.parse(c.yaml(), file: "printed.yaml"), c)
    }

    func testBadValuesNameFileLineAndKey() {
        assertError("honeypots:\n  mysql:\n    auth_plugin: sha256_password\n", line: 3, key: "honeypots.mysql.auth_plugin", contains: "expected mysql_native_password")
        assertError("honeypots:\n  mssql:\n    version: \"15\"\n", line: 3, key: "honeypots.mssql.version", contains: "MAJOR.MINOR.BUILD")
        assertError("honeypots:\n  ftp:\n    banner: \"a\\r\\n230 hi\"\n", line: 3, key: "honeypots.ftp.banner", contains: "one line")
        assertError("honeypots:\n  ftp:\n    auth_rules: [\"nocolon\"]\n", line: 3, key: "honeypots.ftp.auth_rules[0]", contains: "user:password")
        assertError("honeypots:\n  tftp:\n    timeout_seconds: 0\n", line: 3, key: "honeypots.tftp.timeout_seconds", contains: "outside")
        assertError("honeypots:\n  tftp:\n    windowsize: 4\n", line: 3, key: "honeypots.tftp.windowsize", contains: "unknown key")
    }

    // MARK: SIP

    func testSIPDefaultsOverridesAndErrors() throws {
        let d = MitsuConfig()
        XCTAssertEqual(d.sip.common.tcpPorts, [5060])
        XCTAssertEqual(d.sip.common.udpPorts, [5060])
        XCTAssertEqual(d.sip.common.listen, ["::"])
        XCTAssertTrue(d.sip.common.enabled)
        XCTAssertEqual(d.sip.userAgent, "Asterisk PBX 20.5.2")
        XCTAssertEqual(d.sip.extensions, ["100", "101", "102", "103", "104", "105"])
        XCTAssertEqual(d.sip.loginPolicy().rules, [], "SIP refuses every login by default (hashes are kept)")
        let c = try MitsuConfig.parse("""
            honeypots:
              sip:
                udp_ports: [5080]
                user_agent: "Asterisk PBX 16.28.0"
                realm: "pbx.example"
                extensions: ["200", "201", "*97"]
                auth_rules: ["200:secret"]
            """, file: "svc.yaml")
        XCTAssertEqual(c.sip.common.udpPorts, [5080])
        XCTAssertEqual(c.sip.userAgent, "Asterisk PBX 16.28.0")
        XCTAssertEqual(c.sip.realm, "pbx.example")
        XCTAssertEqual(c.sip.extensions, ["200", "201", "*97"])
        XCTAssertEqual(try MitsuConfig.parse(c.yaml(), file: "printed"), c)
        assertError("honeypots:\n  sip:\n    extensions: [\"100\", \"a b\"]\n", line: 3, key: "honeypots.sip.extensions[1]", contains: "expected 1-32")
        assertError("honeypots:\n  sip:\n    realm: 'a\"b'\n", line: 3, key: "honeypots.sip.realm", contains: "without quotes")
        assertError("honeypots:\n  sip:\n    auth_rules: [\"nocolon\"]\n", line: 3, key: "honeypots.sip.auth_rules[0]", contains: "user:password")
        assertError("honeypots:\n  sip:\n    colour: red\n", line: 3, key: "honeypots.sip.colour", contains: "unknown key")
    }
}
