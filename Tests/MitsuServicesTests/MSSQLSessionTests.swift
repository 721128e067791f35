import XCTest
import MitsuCore
@testable import MitsuServices

/// The TDS state machine with byte fixtures: PRELOGIN, LOGIN7 (password obfuscation), batches.
final class MSSQLSessionTests: XCTestCase {
    func session(rules: [String] = ["*:*"]) -> MSSQLSession {
        MSSQLSession(context: Fixture.context("mssql"), settings: MSSQLSession.Settings(),
                     policy: LoginPolicy(rules: rules.compactMap(LoginPolicy.rule), acceptAfter: 0))
    }

    static let preLogin: [UInt8] = TDS.packet(.preLogin, [0x00, 0x00, 0x0b, 0x00, 0x06, 0x01, 0x00, 0x11, 0x00, 0x01, 0xff,
                                                          0x0f, 0x00, 0x07, 0xd0, 0x00, 0x00, 0x02])

    /// A LOGIN7 as a TDS 7.4 client builds it.
    static func login7(user: String, password: String, host: String = "WIN-BOT", app: String = "sqlmap", library: String = "ODBC", database: String = "",
                       version: [UInt8] = [0x04, 0x00, 0x00, 0x74]) -> [UInt8] {
        let strings: [[UInt8]] = [TDS.utf16(host), TDS.utf16(user), TDS.encodePassword(password), TDS.utf16(app),
                                  TDS.utf16("srv"), [], TDS.utf16(library), TDS.utf16(""), TDS.utf16(database)]
        var fixed: [UInt8] = []
        var data: [UInt8] = []
        let base = 94
        var offsets: [UInt8] = []
        for s in strings {
            offsets.appendLE16(base + data.count)
            offsets.appendLE16(s.count / 2)
            data += s
        }
        fixed.appendLE32(base + data.count)
        fixed += version // TDS 7.4 by default, as sent (little-endian)
        fixed.appendLE32(4096)
        fixed += [UInt8](repeating: 0, count: 12)
        fixed += [0xe0, 0x03, 0x00, 0x00]
        fixed += [UInt8](repeating: 0, count: 8)
        fixed += offsets
        fixed += [UInt8](repeating: 0, count: 6 + 4 + 4 + 4 + 4)
        XCTAssertEqual(fixed.count, base)
        return TDS.packet(.login7, fixed + data)
    }

    /// The UTF-16 text in a reply, read at both byte alignments (tokens put strings at odd offsets).
    static func text(_ bytes: [UInt8]) -> String {
        TDS.string(utf16: bytes[...]) + "\n" + TDS.string(utf16: bytes.dropFirst())
    }

    func testPasswordObfuscationRoundTrips() {
        XCTAssertEqual(TDS.encodePassword("a"), [0xb3, 0xa5], "MS-TDS: swap nibbles, XOR 0xA5")
        XCTAssertEqual(TDS.decodePassword(TDS.encodePassword("P@ssw0rd!é")[...]), "P@ssw0rd!é")
    }

    func testPreLoginAnswersWithVersionAndNoEncryption() {
        var s = session()
        let reply = Fixture.sent(s.receive(Self.preLogin))
        XCTAssertEqual(Array(reply.prefix(2)), [0x04, 0x01])
        XCTAssertEqual(Int(reply[2]) << 8 | Int(reply[3]), reply.count)
        let body = Array(reply.dropFirst(8))
        // Read it as a client must: through the option table's offsets.
        var options: [UInt8: [UInt8]] = [:]
        var i = 0
        while body[i] != 0xff {
            let offset = Int(body[i + 1]) << 8 | Int(body[i + 2]), length = Int(body[i + 3]) << 8 | Int(body[i + 4])
            options[body[i]] = Array(body[offset..<(offset + length)])
            i += 5
        }
        XCTAssertEqual(options[0x00], [15, 0, 0x07, 0xd0, 0, 0], "version 15.0.2000")
        XCTAssertEqual(options[0x01], [0x02], "ENCRYPT_NOT_SUP")
        // The exact prefix nmap's "Microsoft SQL Server 2019" fingerprint matches (impacket reads the same
        // layout as a fixed struct).
        XCTAssertEqual(Array(reply.prefix(37)), [0x04, 0x01, 0x00, 0x25, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x15, 0x00, 0x06,
            0x01, 0x00, 0x1b, 0x00, 0x01, 0x02, 0x00, 0x1c, 0x00, 0x01, 0x03, 0x00, 0x1d, 0x00, 0x00, 0xff,
            0x0f, 0x00, 0x07, 0xd0, 0x00, 0x00, 0x02, 0x00])
        XCTAssertEqual(TDS.PreLogin.parse(body)?.version, "15.0.2000.0")
    }

    func testLoginCapturesEverythingAndAcks() {
        var s = session()
        _ = s.receive(Self.preLogin)
        let out = s.receive(Self.login7(user: "sa", password: "Str0ng!Pass", database: "master"))
        let e = Fixture.events(out).first
        XCTAssertEqual(e?.kind, .loginSuccess)
        XCTAssertEqual(e?.username, "sa")
        XCTAssertEqual(e?.password, "Str0ng!Pass")
        XCTAssertEqual(e?.clientHostname, "WIN-BOT")
        XCTAssertEqual(e?.clientApp, "sqlmap")
        XCTAssertEqual(e?.clientVersion, "ODBC")
        XCTAssertEqual(e?.database, "master")
        let reply = Fixture.sent(out)
        XCTAssertEqual(reply.first, 0x04)
        XCTAssertTrue(reply.contains(0xad), "LOGINACK")
        XCTAssertTrue(reply.suffix(13).starts(with: [0xfd, 0x00, 0x00]), "ends with DONE")
    }

    func testTDS71ClientsGetTDS71TokenLayouts() {
        // impacket sends TDS 7.1 (bytes 00 00 00 71): 4-byte row counts, 2-byte line numbers.
        var s = session()
        _ = s.receive(Self.preLogin)
        let reply = Fixture.sent(s.receive(Self.login7(user: "sa", password: "x", version: [0, 0, 0, 0x71])))
        XCTAssertEqual(Array(reply.suffix(9)), [0xfd, 0, 0, 0, 0, 0, 0, 0, 0])
        let ack: [UInt8] = [0x01, 0x71, 0, 0, 0, 20] + TDS.utf16("Microsoft SQL Server")
        XCTAssertNotNil(reply.indices.first { reply[$0...].starts(with: ack) }, "LOGINACK speaks 7.1 back")
        var s74 = session()
        let modern = Fixture.sent(s74.receiveAll([Self.preLogin, Self.login7(user: "sa", password: "x")]))
        XCTAssertEqual(Array(modern.suffix(13)), [0xfd] + [UInt8](repeating: 0, count: 12))
    }

    func testRefusedLoginSendsError18456() {
        var s = session(rules: ["sa:!*"])
        _ = s.receive(Self.preLogin)
        let out = s.receive(Self.login7(user: "sa", password: "x"))
        XCTAssertEqual(Fixture.events(out).first?.kind, .loginFailed)
        let reply = Fixture.sent(out)
        XCTAssertEqual(reply[8], 0xaa)
        XCTAssertEqual(Array(reply[11..<15]), [0x18, 0x48, 0, 0], "error 18456")
        XCTAssertTrue(Self.text(reply).contains("Login failed for user 'sa'."))
        XCTAssertEqual(out.last, .close)
    }

    func testBatchesAreLoggedAndXpCmdshellFlagged() {
        var s = session()
        _ = s.receive(Self.preLogin)
        _ = s.receive(Self.login7(user: "sa", password: "x"))
        let headers: [UInt8] = [0x16, 0, 0, 0, 0x12, 0, 0, 0, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0]
        let out = s.receive(TDS.packet(.sqlBatch, headers + TDS.utf16("EXEC master..xp_cmdshell 'whoami'")))
        let e = Fixture.events(out).first
        XCTAssertEqual(e?.kind, .mssqlCommand)
        XCTAssertEqual(e?.input, "EXEC master..xp_cmdshell 'whoami'")
        XCTAssertEqual(e?.attack?.categories, ["xp_cmdshell"])
        XCTAssertTrue(Self.text(Fixture.sent(out)).contains("blocked access to procedure 'sys.xp_cmdshell'"))
        let ole = s.receive(TDS.packet(.sqlBatch, headers + TDS.utf16("DECLARE @o INT; EXEC sp_OACreate 'WScript.Shell', @o OUT")))
        XCTAssertEqual(Fixture.events(ole).first?.attack?.categories, ["sp_oacreate"])
        let version = Fixture.sent(s.receive(TDS.packet(.sqlBatch, headers + TDS.utf16("select @@version"))))
        XCTAssertTrue(Self.text(version).contains("Microsoft SQL Server 2019"))
    }

    func testSpConfigureEnablesXpCmdshellForTheSession() {
        var s = session()
        _ = s.receive(Self.preLogin)
        _ = s.receive(Self.login7(user: "sa", password: "x"))
        func run(_ sql: String) -> String { Self.text(Fixture.sent(s.receive(TDS.packet(.sqlBatch, [22, 0, 0, 0] + [UInt8](repeating: 0, count: 18) + TDS.utf16(sql))))) }
        XCTAssertTrue(run("EXEC sp_configure 'xp_cmdshell', 1").contains("does not exist, or it may be an advanced option"))
        XCTAssertTrue(run("EXEC sp_configure 'show advanced options', 1; RECONFIGURE").contains("Configuration option 'show advanced options' changed from 0 to 1."))
        XCTAssertTrue(run("EXEC sp_configure 'xp_cmdshell', 1; RECONFIGURE;").contains("Configuration option 'xp_cmdshell' changed from 0 to 1."))
        XCTAssertTrue(run("EXEC xp_cmdshell 'whoami'").contains("nt service\\mssqlserver"))
    }

    func testMessagesSplitOverPacketsAreReassembled() {
        var s = session()
        _ = s.receive(Self.preLogin)
        let whole = Self.login7(user: "sa", password: "pw")
        let body = Array(whole.dropFirst(8))
        var first = TDS.packet(.login7, Array(body.prefix(50)))
        first[1] = 0x00 // not end of message
        XCTAssertEqual(s.receive(first), [])
        XCTAssertEqual(Fixture.events(s.receive(TDS.packet(.login7, Array(body.dropFirst(50))))).first?.password, "pw")
    }

    func testMalformedTruncatedOversized() {
        var a = session()
        XCTAssertEqual(Fixture.events(a.receive([0x12, 0x01, 0x00, 0x02, 0, 0, 0, 0])).map(\.kind), [.protocolError])
        var b = session()
        XCTAssertEqual(b.receive(Array(Self.preLogin.prefix(10))), [], "waits for the rest")
        var c = session()
        _ = c.receive(Self.preLogin)
        var login = Self.login7(user: "sa", password: "x")
        login[8] = 0xff; login[9] = 0xff // LOGIN7 length beyond the message
        XCTAssertEqual(Fixture.events(c.receive(login)).map(\.kind), [.protocolError])
        var d = session()
        var partial = TDS.packet(.sqlBatch, [UInt8](repeating: 0, count: 65000))
        partial[1] = 0
        var out: [ServiceOutput] = []
        for _ in 0..<20 { out += d.receive(partial) }
        XCTAssertTrue(Fixture.events(out).contains { $0.kind == .protocolError }, "a batch before login is refused")
        for _ in 0..<300 {
            var f = session()
            let junk = (0..<Int.random(in: 0...300)).map { _ in UInt8.random(in: 0...255) }
            _ = f.receive(Self.preLogin)
            _ = f.receive(TDS.packet(.login7, junk))
            _ = TDS.PreLogin.parse(junk)
            _ = TDS.batchText(junk)
        }
    }
}

extension MSSQLSession {
    mutating func receiveAll(_ chunks: [[UInt8]]) -> [ServiceOutput] { chunks.flatMap { receive($0) } }
}
