import Foundation
import MitsuCore
@testable import MitsuShell
import XCTest

final class SessionTests: XCTestCase {
    func testLineEditing() async {
        // "lx" + backspace + "s" → "ls"; ^C discards a line; ^D on an empty line logs out.
        let r = await Fixture.interactive("lx\u{7F}s /dev/shm\rgarbage\u{03}echo $((2+3))\r\u{04}")
        XCTAssertTrue(r.screen.contains("root@web01:~# lx\u{08} \u{08}s /dev/shm\r\nroot@web01:~# garbage^C\r\nroot@web01:~# echo $((2+3))\r\n5\r\nroot@web01:~# logout\r\n"), r.screen)
        XCTAssertEqual(r.events.filter { $0.kind == .commandInput }.map(\.input), ["ls /dev/shm", "echo $((2+3))"])
    }

    func testMotdHistoryAndExitStatus() async {
        let r = await Fixture.interactive("echo one\r\nhistory\rexit 3\r")
        XCTAssertTrue(r.screen.hasPrefix("Linux web01 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64\r\n\r\nThe programs included"), r.screen)
        XCTAssertTrue(r.screen.contains("    1  echo one\r\n    2  history\r\n"), r.screen)
        XCTAssertEqual(r.status, 3)
    }

    func testInteractiveSyntaxErrorWording() async {
        let r = await Fixture.interactive("echo )\rfoo\r")
        XCTAssertTrue(r.screen.contains("-bash: syntax error near unexpected token `)'\r\n"), r.screen)
        XCTAssertTrue(r.screen.contains("-bash: foo: command not found\r\n"), r.screen)
    }

    func testExecSyntaxErrorWording() async {
        let r = await Fixture.exec("echo )")
        XCTAssertEqual(r.err, "bash: -c: line 1: syntax error near unexpected token `)'\nbash: -c: line 1: `echo )'\n")
        XCTAssertEqual(r.status, 2)
    }

    func testStdinScriptWithoutTerminal() async {
        let io = RecordingIO()
        let (stream, continuation) = AsyncStream<ShellInput>.makeStream()
        continuation.yield(.bytes(Array("echo a\nnope\necho b\n".utf8)))
        continuation.finish()
        let status = await Fixture.host.run(Fixture.request(nil, terminal: false), input: stream, io: io)
        XCTAssertEqual(io.out, "a\nb\n")
        XCTAssertEqual(io.err, "bash: line 2: nope: command not found\n")
        XCTAssertEqual(status, 0)
    }

    func testSessionsAreIsolated() async {
        _ = await Fixture.exec("echo secret > /root/x; rm -rf /etc/passwd")
        let r = await Fixture.exec("cat /root/x; head -1 /etc/passwd")
        XCTAssertEqual(r.out, "root:x:0:0:root:/root:/bin/bash\n")
        XCTAssertEqual(r.err, "cat: /root/x: No such file or directory\n")
    }

    func testWriteCapIsEnforced() async {
        let r = await Fixture.exec("cd /tmp; dd if=/dev/zero bs=1M count=4 of=a 2>/dev/null; for i in 1 2 3 4 5; do cat a >> b; done; echo $?")
        XCTAssertTrue(r.err.contains("No space left on device"), r.err)
    }

    func testRunawayLoopsEnd() async {
        let r = await Fixture.exec("while true; do :; done; echo after; f() { f; }; f; echo end")
        XCTAssertEqual(r.out, "after\nend\n")
    }

    func testProcAndPersona() async {
        let r = await Fixture.exec("cat /sys/class/net/eth0/address; ls -l /proc/self/exe | cut -d' ' -f9-; cat /etc/hostname; grep deploy /etc/passwd | cut -d: -f1,6; cat /proc/uptime | cut -d. -f1")
        let lines = r.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(Array(lines.prefix(4)), ["52:54:00:ab:cd:ef", "/proc/self/exe -> /usr/bin/bash", "web01", "deploy:/home/deploy"])
        let up = Int(lines.last ?? "") ?? 0
        XCTAssertGreaterThanOrEqual(up, 3 * 86_400 + 3_700)
        XCTAssertLessThan(up, 3 * 86_400 + 3_700 + 600)
    }

    func testPersonaStateIsPersistedPerInstall() {
        let dir = NSTemporaryDirectory() + "mitsushell-persona-\(UUID().uuidString)"
        let a = PersonaState.loadOrCreate(dataDirectory: dir)
        let b = PersonaState.loadOrCreate(dataDirectory: dir)
        XCTAssertEqual(a, b)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/shell/persona.json"))
        let host = MitsuHost(dataDirectory: dir, artifacts: nil, pacing: NoPacing())
        XCTAssertEqual(host.persona.hostname, a.hostname)
        XCTAssertEqual(host.persona.interfaces.first?.mac, a.macs.first)
        try? FileManager.default.removeItem(atPath: dir)
    }

    func testPacingIsRealisticButInjected() async {
        let pacing = NoPacing()
        let host = MitsuHost(dataDirectory: nil, artifacts: nil, pacing: pacing)
        let (stream, continuation) = AsyncStream<ShellInput>.makeStream()
        continuation.finish()
        _ = await host.run(Fixture.request("uname -a; apt-get update", terminal: false), input: stream, io: RecordingIO())
        XCTAssertGreaterThanOrEqual(pacing.totalMilliseconds, 2_700)
    }

    func testImageComesFromDebootstrap() {
        let image = FSImage.debian12
        XCTAssertGreaterThan(image.nodes.count, 2_000)
        XCTAssertEqual(image.nodes["/bin"]?.target, "usr/bin")
        XCTAssertEqual(image.nodes["/usr/bin/sh"]?.target, "dash")
        XCTAssertEqual(image.nodes["/etc/shadow"]?.mode, 0o640)
        XCTAssertTrue(String(decoding: image.contents["/usr/lib/os-release"] ?? [], as: UTF8.self).contains("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\""))
    }
}

final class ContinuationTests: XCTestCase {
    func testInteractiveHereDocumentAndOpenQuote() async {
        let r = await Fixture.interactive("cat > /tmp/x.sh << EOF\recho from heredoc\rEOF\rsh /tmp/x.sh\recho 'a\rb'\rexit\r")
        XCTAssertTrue(r.screen.contains("root@web01:~# cat > /tmp/x.sh << EOF\r\n> echo from heredoc\r\n> EOF\r\nroot@web01:~# sh /tmp/x.sh\r\nfrom heredoc\r\n"), r.screen)
        XCTAssertTrue(r.screen.contains("root@web01:~# echo 'a\r\n> b'\r\na\r\nb\r\n"), r.screen)
        XCTAssertEqual(r.events.filter { $0.kind == .commandInput }.first?.input, "cat > /tmp/x.sh << EOF\necho from heredoc\nEOF")
        XCTAssertEqual(r.events.first { $0.kind == .fileCreated }?.sha256, Digests.sha256(Array("echo from heredoc\n".utf8)))
    }

    func testNeedsMoreInput() {
        XCTAssertTrue(ShellParser.needsMoreInput("if true; then"))
        XCTAssertTrue(ShellParser.needsMoreInput("echo \"abc"))
        XCTAssertTrue(ShellParser.needsMoreInput("ls |"))
        XCTAssertTrue(ShellParser.needsMoreInput("cat << EOF\nabc"))
        XCTAssertFalse(ShellParser.needsMoreInput("cat << EOF\nabc\nEOF"))
        XCTAssertFalse(ShellParser.needsMoreInput("echo )"))
        XCTAssertFalse(ShellParser.needsMoreInput("echo ok"))
    }
}

final class PermissionTests: XCTestCase {
    func testNonRootCannotChangeSystemFiles() async {
        let r = await Fixture.exec("echo x >> /etc/passwd; rm /etc/hostname; touch /tmp/ok && echo fine; mkdir ~/d && echo home", user: "deploy")
        XCTAssertEqual(r.out, "fine\nhome\n")
        XCTAssertEqual(r.err, "bash: line 1: /etc/passwd: Permission denied\nrm: cannot remove '/etc/hostname': Permission denied\n")
    }
}

final class LineEditorTests: XCTestCase {
    func testArrowKeysRecallHistory() {
        var e = LineEditor()
        let actions = e.feed(Array("\u{1B}[A\u{1B}[A\u{1B}[B\r".utf8), history: ["uname", "id"])
        XCTAssertEqual(actions.last, .line("id"))
        var f = LineEditor()
        XCTAssertEqual(f.feed(Array("ab\r\nc\u{1B}[C\rd\u{04}x\u{04}".utf8)).filter { if case .echo = $0 { return false }; return true },
                       [.line("ab"), .line("c")])
    }
}

final class ExecStdinTests: XCTestCase {
    func testExecReadsPipedStdin() async {
        let payload: [UInt8] = [0x7F, 0x45, 0x4C, 0x46] + Array("payload".utf8)
        let r = await Fixture.exec("cat > /tmp/up; wc -c < /tmp/up", stdin: payload)
        XCTAssertEqual(r.out, "11\n")
        XCTAssertEqual(r.events.first { $0.kind == .fileCreated }?.sha256, Digests.sha256(payload))
    }
}

final class ReadLoopTests: XCTestCase {
    func testWhileReadConsumesInput() async {
        let r = await Fixture.exec("printf 'a b\\nc\\n' > /tmp/in; while read x y; do echo \"[$x|$y]\"; done < /tmp/in; echo end")
        XCTAssertEqual(r.out, "[a|b]\n[c|]\nend\n")
    }
}
