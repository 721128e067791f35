import MitsuCore
@testable import MitsuShell
import XCTest

final class SmokeTests: XCTestCase {
    func testEchoAndStatus() async {
        let r = await Fixture.exec("echo hello world; false; echo $?")
        XCTAssertEqual(r.out, "hello world\n1\n")
        XCTAssertEqual(r.status, 0)
    }

    func testUnknownCommandExecWording() async {
        let r = await Fixture.exec("foobarbaz")
        XCTAssertEqual(r.err, "bash: line 1: foobarbaz: command not found\n")
        XCTAssertEqual(r.status, 127)
        XCTAssertEqual(r.events.map(\.kind), [.commandInput, .commandFailed])
        XCTAssertEqual(r.events.first?.input, "foobarbaz")
    }

    func testInteractivePrompt() async {
        let r = await Fixture.interactive("cd /tmp\rpwd\rnope\rexit\r")
        XCTAssertTrue(r.screen.contains("root@web01:~# cd /tmp\r\nroot@web01:/tmp# pwd\r\n/tmp\r\nroot@web01:/tmp# nope\r\n-bash: nope: command not found\r\n"), r.screen)
        XCTAssertTrue(r.screen.hasSuffix("exit\r\nlogout\r\n"))
    }
}
