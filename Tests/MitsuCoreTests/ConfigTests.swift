import XCTest
@testable import MitsuCore

final class ConfigTests: XCTestCase {
    func testDefaultsNeedNoFile() throws {
        let c = try MitsuConfig.parse("", file: "empty.yaml")
        XCTAssertEqual(c, MitsuConfig())
        XCTAssertEqual(c.enabledFamilies, ["ssh", "telnet", "trap", "web", "ftp", "tftp", "mysql", "mssql", "smb", "sip"])
        XCTAssertEqual(c.trap.payloadCap, 65_536)
        XCTAssertEqual(c.trap.common.listen, ["::"], "listeners are dual-stack by default")
        XCTAssertFalse(c.trap.common.tcpPorts.contains(22), "the trap leaves SSH to the SSH honeypot")
    }

    func testOverridesOnlyWhatIsNamed() throws {
        let c = try MitsuConfig.parse("""
            honeypots:
              trap:
                tcp_ports: [81, 8888]
                payload_cap: 1KiB
                responses:
                  8888: "HTTP/1.0 200 OK\\r\\n\\r\\n"
            store:
              retention_days: 7
            """, file: "m.yaml")
        XCTAssertEqual(c.trap.common.tcpPorts, [81, 8888])
        XCTAssertEqual(c.trap.payloadCap, 1024)
        XCTAssertEqual(c.trap.responses[8888], "HTTP/1.0 200 OK\r\n\r\n")
        XCTAssertEqual(c.store.retentionDays, 7)
        XCTAssertEqual(c.trap.common.udpPorts, TrapConfig.defaultUDPPorts)
    }

    func testGlobalLimitsAreInheritedAndOverridable() throws {
        let c = try MitsuConfig.parse("""
            limits:
              max_connections_per_ip: 5
            honeypots:
              trap:
                limits:
                  idle_seconds: 7
            """, file: "m.yaml")
        XCTAssertEqual(c.limits.maxConnectionsPerIP, 5)
        XCTAssertEqual(c.trap.common.limits.maxConnectionsPerIP, 5)
        XCTAssertEqual(c.trap.common.limits.idleSeconds, 7)
    }

    private func assertError(_ yaml: String, line: Int?, key: String, contains text: String,
                             file: StaticString = #filePath, at: UInt = #line) {
        XCTAssertThrowsError(try MitsuConfig.parse(yaml, file: "bad.yaml"), file: file, line: at) { error in
            guard let e = error as? ConfigError else { return XCTFail("not a ConfigError: \(error)", file: file, line: at) }
            XCTAssertEqual(e.file, "bad.yaml", file: file, line: at)
            XCTAssertEqual(e.line, line, "line of \(e)", file: file, line: at)
            XCTAssertEqual(e.key, key, file: file, line: at)
            XCTAssertTrue(e.description.contains(text), "\(e.description) lacks '\(text)'", file: file, line: at)
            if let line { XCTAssertTrue(e.description.hasPrefix("bad.yaml:\(line): \(key): "), e.description, file: file, line: at) }
        }
    }

    func testUnknownKeysNameFileLineAndKey() {
        assertError("store:\n  retention_dayz: 3\n", line: 2, key: "store.retention_dayz", contains: "unknown key")
        assertError("sensor:\n  name: a\nsensr:\n  x: 1\n", line: 3, key: "sensr", contains: "unknown key")
        assertError("honeypots:\n  trap:\n    enabled: true\n  sshh:\n    enabled: true\n", line: 4, key: "honeypots.sshh", contains: "unknown key")
        assertError("honeypots:\n  trap:\n    limits:\n      backlogg: 9\n", line: 4, key: "honeypots.trap.limits.backlogg", contains: "unknown key")
    }

    func testBadValuesNameFileLineAndKey() {
        assertError("honeypots:\n  trap:\n    tcp_ports: [81, 70000]\n", line: 3, key: "honeypots.trap.tcp_ports[1]", contains: "70000")
        assertError("honeypots:\n  trap:\n    tcp_ports: [81, 81]\n", line: 3, key: "honeypots.trap.tcp_ports[1]", contains: "twice")
        assertError("honeypots:\n  trap:\n    enabled: maybe\n", line: 3, key: "honeypots.trap.enabled", contains: "true or false")
        assertError("store:\n  retention_days: -1\n", line: 2, key: "store.retention_days", contains: "outside")
        assertError("store:\n  retention_days: lots\n", line: 2, key: "store.retention_days", contains: "whole number")
        assertError("honeypots:\n  trap:\n    payload_cap: 12QB\n", line: 3, key: "honeypots.trap.payload_cap", contains: "size")
        assertError("honeypots:\n  trap:\n    listen: [\"::\", \"1.2.3\"]\n", line: 3, key: "honeypots.trap.listen[1]", contains: "not an IPv4 or IPv6")
        assertError("supervisor:\n  daily_restart: \"25:00\"\n", line: 2, key: "supervisor.daily_restart", contains: "HH:MM")
        assertError("honeypots:\n  trap:\n    responses:\n      http: \"x\"\n", line: 4, key: "honeypots.trap.responses.http", contains: "port number")
        assertError("store: [1, 2]\n", line: 1, key: "store", contains: "mapping")
        assertError("honeypots:\n  ssh:\n    rekey_bytes: 8\n", line: 3, key: "honeypots.ssh.rekey_bytes", contains: "at least 16")
    }

    func testSSHRekeyLimit() throws {
        let c = try MitsuConfig.parse("honeypots:\n  ssh:\n    rekey_bytes: 1GiB\n    rekey_seconds: 3600\n", file: "r.yaml")
        XCTAssertEqual(c.ssh.rekeyBytes, 1 << 30)
        XCTAssertEqual(c.ssh.rekeySeconds, 3600)
        XCTAssertEqual(MitsuConfig().ssh.rekeyBytes, 0, "default: the cipher's own limit, as OpenSSH")
    }

    func testInvalidYAMLNamesTheLine() {
        XCTAssertThrowsError(try MitsuConfig.parse("store:\n  sqlite: true\n   bad: [\n", file: "y.yaml")) { error in
            let e = error as? ConfigError
            XCTAssertEqual(e?.file, "y.yaml")
            XCTAssertNotNil(e?.line)
            XCTAssertTrue(e?.description.contains("not valid YAML") ?? false)
        }
    }

    func testEffectiveConfigPrintsAndParsesBack() throws {
        var c = MitsuConfig()
        c.trap.responses = [8888: "HTTP/1.0 200 OK\r\n\u{0}\r\n"]
        c.trap.common.tcpPorts = [81, 9999]
        c.store.retentionDays = 12
        c.supervisor.dailyRestart = ""
        let text = c.yaml()
        XCTAssertTrue(text.contains("honeypots:"), text)
        let back = try MitsuConfig.parse(text, file: "printed.yaml")
        XCTAssertEqual(back, c)
    }

    func testByteSizes() {
        XCTAssertEqual(ConfigNode.parseBytes("64KiB"), 65_536)
        XCTAssertEqual(ConfigNode.parseBytes("2M"), 2 << 20)
        XCTAssertEqual(ConfigNode.parseBytes("17"), 17)
        XCTAssertNil(ConfigNode.parseBytes("-1K"))
        XCTAssertNil(ConfigNode.parseBytes("99999999999999999999G"))
    }
}
