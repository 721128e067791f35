import XCTest
import Crypto
import MitsuCore
@testable import MitsuServices

/// The MySQL state machine with byte fixtures built the way libmysqlclient builds them.
final class MySQLSessionTests: XCTestCase {
    let salt = Array("abcdefghij0123456789".utf8)

    func session(rules: [String] = [], plugin: String = "mysql_native_password") -> MySQLSession {
        var s = MySQLSession.Settings()
        s.authPlugin = plugin
        return MySQLSession(context: Fixture.context("mysql"), settings: s,
                            policy: LoginPolicy(rules: rules.compactMap(LoginPolicy.rule), acceptAfter: 0),
                            salt: salt, connectionID: 42)
    }

    /// mysql_native_password: SHA1(pw) XOR SHA1(salt + SHA1(SHA1(pw))).
    static func nativeScramble(_ password: String, salt: [UInt8]) -> [UInt8] {
        let h1 = Array(Insecure.SHA1.hash(data: Array(password.utf8)))
        let h2 = Array(Insecure.SHA1.hash(data: h1))
        let h3 = Array(Insecure.SHA1.hash(data: salt + h2))
        return zip(h1, h3).map { $0 ^ $1 }
    }

    /// A HandshakeResponse41 with lenenc auth data, a database and a plugin name.
    static func response(user: String, auth: [UInt8], database: String?, plugin: String = "mysql_native_password", sequence: UInt8 = 1) -> [UInt8] {
        var caps = MySQLPackets.clientProtocol41 | MySQLPackets.clientSecureConnection | MySQLPackets.clientPluginAuth | MySQLPackets.clientPluginAuthLenencData
        if database != nil { caps |= MySQLPackets.clientConnectWithDB }
        var p: [UInt8] = []
        p.appendLE32(Int(caps))
        p.appendLE32(1 << 24)
        p.append(45)
        p += [UInt8](repeating: 0, count: 23)
        p += Array(user.utf8) + [0]
        p += [UInt8(auth.count)] + auth
        if let d = database { p += Array(d.utf8) + [0] }
        p += Array(plugin.utf8) + [0]
        return MySQLPackets.frame(p, sequence: sequence)
    }

    func testGreetingIsAMariaDBHandshakeV10WithTheSalt() {
        let bytes = Fixture.sent(session().start())
        XCTAssertEqual(Array(bytes[3...4]), [0x00, 0x0a], "sequence 0, protocol 10")
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.contains("5.5.5-10.11.6-MariaDB-0+deb12u1\0"))
        XCTAssertTrue(text.contains("mysql_native_password\0"))
        let length = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16
        XCTAssertEqual(length, bytes.count - 4)
        // Salt part 1 right after the connection id, part 2 after the reserved bytes.
        let v = 5 + "5.5.5-10.11.6-MariaDB-0+deb12u1".utf8.count + 1
        XCTAssertEqual(Array(bytes[(v + 4)..<(v + 12)]), Array(salt.prefix(8)))
        XCTAssertEqual(Array(bytes[(v + 31)..<(v + 43)]), Array(salt.suffix(12)))
    }

    func testFreshSaltsDiffer() {
        XCTAssertNotEqual(MySQLSession.randomSalt(), MySQLSession.randomSalt())
        XCTAssertFalse(MySQLSession.randomSalt().contains(0))
    }

    func testFailedLoginCapturesAHashcatLineAndAnswersAccessDenied() {
        var s = session()
        let scramble = Self.nativeScramble("hunter2", salt: salt)
        let out = s.receive(Self.response(user: "root", auth: scramble, database: "shop"))
        let e = Fixture.events(out).first
        XCTAssertEqual(e?.kind, .loginFailed)
        XCTAssertEqual(e?.username, "root")
        XCTAssertEqual(e?.database, "shop")
        XCTAssertEqual(e?.hashcat, "$mysqlna$" + Hex.string(salt) + "*" + Hex.string(scramble))
        XCTAssertEqual(e?.hashcatMode, 11200)
        let error = MySQLPackets.frame(MySQLPackets.error(code: 1045, state: "28000",
            message: "Access denied for user 'root'@'203.0.113.7' (using password: YES)"), sequence: 2)
        XCTAssertEqual(Fixture.sent(out), error)
        XCTAssertEqual(Array(error[4...6]), [0xff, 0x15, 0x04], "error 1045")
        XCTAssertEqual(out.last, .close)
    }

    func testEmptyPasswordSaysUsingPasswordNo() {
        var s = session()
        let out = s.receive(Self.response(user: "admin", auth: [], database: nil))
        XCTAssertTrue(String(decoding: Fixture.sent(out), as: UTF8.self).hasSuffix("(using password: NO)"))
        XCTAssertNil(Fixture.events(out).first?.hashcat)
    }

    func testClientOfAnotherPluginIsAskedToSwitch() {
        var s = session()
        let first = s.receive(Self.response(user: "root", auth: [UInt8](repeating: 7, count: 32), database: nil, plugin: "caching_sha2_password"))
        let expected: [UInt8] = [0xfe] + Array("mysql_native_password".utf8) + [0] + salt + [0]
        XCTAssertEqual(Fixture.sent(first), MySQLPackets.frame(expected, sequence: 2))
        let scramble = Self.nativeScramble("x", salt: salt)
        let second = s.receive(MySQLPackets.frame(scramble, sequence: 3))
        XCTAssertEqual(Fixture.events(second).first?.hashcat, "$mysqlna$" + Hex.string(salt) + "*" + Hex.string(scramble))
        XCTAssertEqual(Array(Fixture.sent(second)[3...4]), [4, 0xff])
    }

    func testCachingSha2ScrambleIsKeptInTheMessage() {
        var s = session(plugin: "caching_sha2_password")
        let scramble = [UInt8](repeating: 0xab, count: 32)
        let out = s.receive(Self.response(user: "root", auth: scramble, database: nil, plugin: "caching_sha2_password"))
        let e = Fixture.events(out).first
        XCTAssertNil(e?.hashcat)
        XCTAssertEqual(e?.message, "caching_sha2_password salt*response \(Hex.string(salt))*\(Hex.string(scramble))")
    }

    func testCachingSha2FullAuthenticationYieldsTheClearPassword() {
        // A stand-in key: "decrypting" a 256-byte blob takes its first bytes, so the test controls the plaintext.
        let plain = Array("Summer2025!".utf8) + [0]
        let keys = MySQLSession.KeyExchange(publicKeyPEM: "-----BEGIN PUBLIC KEY-----\nTEST\n-----END PUBLIC KEY-----\n") { blob in
            blob.count == 256 ? Array(blob.prefix(plain.count)) : nil
        }
        var settings = MySQLSession.Settings()
        settings.authPlugin = "caching_sha2_password"
        var s = MySQLSession(context: Fixture.context("mysql"), settings: settings, policy: LoginPolicy(rules: [], acceptAfter: 0),
                             salt: salt, connectionID: 7, keyExchange: keys)
        let scramble = [UInt8](repeating: 0x5a, count: 32)
        let first = s.receive(Self.response(user: "root", auth: scramble, database: nil, plugin: "caching_sha2_password"))
        XCTAssertEqual(Fixture.sent(first), MySQLPackets.frame([0x01, 0x04], sequence: 2), "perform_full_authentication")
        XCTAssertEqual(Fixture.events(first), [])
        let key = s.receive(MySQLPackets.frame([0x02], sequence: 3))
        XCTAssertEqual(Fixture.sent(key), MySQLPackets.frame([0x01] + Array(keys.publicKeyPEM.utf8), sequence: 4))
        let masked = plain.enumerated().map { $0.element ^ salt[$0.offset % salt.count] }
        let done = s.receive(MySQLPackets.frame(masked + [UInt8](repeating: 0, count: 256 - masked.count), sequence: 5))
        let e = Fixture.events(done).first
        XCTAssertEqual(e?.kind, .loginFailed)
        XCTAssertEqual(e?.password, "Summer2025!")
        XCTAssertEqual(e?.message, "caching_sha2_password salt*response \(Hex.string(salt))*\(Hex.string(scramble))")
        XCTAssertTrue(String(decoding: Fixture.sent(done), as: UTF8.self).hasSuffix("(using password: YES)"))
        XCTAssertEqual(Array(Fixture.sent(done)[3...4]), [6, 0xff])
    }

    func testClientLeavingDuringFullAuthenticationStillLeavesAnEvent() {
        let keys = MySQLSession.KeyExchange(publicKeyPEM: "k") { _ in nil }
        var settings = MySQLSession.Settings()
        settings.authPlugin = "caching_sha2_password"
        var s = MySQLSession(context: Fixture.context("mysql"), settings: settings, policy: LoginPolicy(rules: [], acceptAfter: 0),
                             salt: salt, connectionID: 7, keyExchange: keys)
        _ = s.receive(Self.response(user: "scanner", auth: [UInt8](repeating: 1, count: 32), database: nil, plugin: "caching_sha2_password"))
        let e = Fixture.events(s.connectionClosed()).first
        XCTAssertEqual(e?.username, "scanner")
        XCTAssertTrue(e?.message?.hasSuffix("(closed before sending the password)") ?? false)
        XCTAssertEqual(s.connectionClosed(), [], "only once")
    }

    func testAcceptedLoginLogsQueries() {
        var s = session(rules: ["root:*"])
        let login = s.receive(Self.response(user: "root", auth: Self.nativeScramble("x", salt: salt), database: nil))
        XCTAssertEqual(Fixture.events(login).first?.kind, .loginSuccess)
        XCTAssertEqual(Fixture.sent(login), MySQLPackets.frame(MySQLPackets.ok(), sequence: 2))
        let q = s.receive(MySQLPackets.frame([0x03] + Array("select @@version_comment limit 1".utf8), sequence: 0))
        XCTAssertEqual(Fixture.events(q).first?.kind, .mysqlCommand)
        XCTAssertEqual(Fixture.events(q).first?.input, "select @@version_comment limit 1")
        XCTAssertTrue(String(decoding: Fixture.sent(q), as: UTF8.self).contains("Debian 12"))
        let drop = s.receive(MySQLPackets.frame([0x03] + Array("DROP DATABASE shop".utf8), sequence: 0))
        XCTAssertEqual(Fixture.sent(drop), MySQLPackets.frame(MySQLPackets.ok(), sequence: 1))
        XCTAssertEqual(s.receive(MySQLPackets.frame([0x01], sequence: 0)).last, .close)
    }

    func testOversizedTruncatedAndGarbage() {
        var s = session()
        let big = s.receive([0xff, 0xff, 0xff, 0x01])
        XCTAssertEqual(Fixture.events(big).map(\.kind), [.protocolError])
        XCTAssertEqual(big.last, .close)
        var t = session()
        XCTAssertEqual(t.receive(Array(Self.response(user: "root", auth: [1, 2], database: nil).prefix(20))), [], "waits for the rest")
        var u = session()
        let bad = u.receive(MySQLPackets.frame([1, 2, 3], sequence: 1))
        XCTAssertEqual(Fixture.events(bad).first?.kind, .protocolError)
        for _ in 0..<300 {
            var f = session(rules: ["*:*"])
            let junk = (0..<Int.random(in: 0...200)).map { _ in UInt8.random(in: 0...255) }
            _ = f.receive(MySQLPackets.frame(junk, sequence: 1))
            _ = f.receive(junk)
        }
    }
}
