import Foundation
import MitsuCore
@testable import MitsuShell
import XCTest

/// A command reading the terminal consumes only what was typed for it; the lines after it run as commands.
final class TerminalStdinTests: XCTestCase {
    private func inputs(_ events: [Event]) -> [String?] { events.filter { $0.kind == .commandInput }.map(\.input) }
    private func typed(_ events: [Event]) -> [String] {
        events.filter { $0.kind == .commandStdin }.map { "\($0.message ?? "-"): \($0.input ?? "-")" }
    }

    func testCatToFileUntilCtrlDThenCommandsRun() async {
        let r = await Fixture.interactive("cat > /tmp/a\rhello\r\nworld\r\u{04}cat /tmp/a\recho done\r")
        XCTAssertTrue(r.screen.contains("root@web01:~# cat > /tmp/a\r\nhello\r\nworld\r\nroot@web01:~# cat /tmp/a\r\nhello\r\nworld\r\nroot@web01:~# echo done\r\ndone\r\n"), r.screen)
        XCTAssertFalse(r.screen.contains("command not found"), r.screen)
        XCTAssertFalse(r.screen.contains("logout"), r.screen)
        XCTAssertEqual(inputs(r.events), ["cat > /tmp/a", "cat /tmp/a", "echo done"])
        XCTAssertEqual(typed(r.events), ["cat: hello\nworld"])
        let created = r.events.filter { $0.kind == .fileCreated }
        XCTAssertEqual(created.map(\.filename), ["/tmp/a"])
        XCTAssertEqual(created.first?.size, 12)
    }

    func testBase64DecodeTypedPayload() async {
        let r = await Fixture.interactive("base64 -d > /tmp/b\raGVsbG8gd29ybGQK\r\u{04}cat /tmp/b\r")
        XCTAssertTrue(r.screen.contains("aGVsbG8gd29ybGQK\r\nroot@web01:~# cat /tmp/b\r\nhello world\r\n"), r.screen)
        XCTAssertEqual(inputs(r.events), ["base64 -d > /tmp/b", "cat /tmp/b"])
        XCTAssertEqual(typed(r.events), ["base64: aGVsbG8gd29ybGQK"])
    }

    func testHereDocumentStillWorks() async {
        let r = await Fixture.interactive("cat > /tmp/x <<EOF\rline1\rEOF\rcat /tmp/x\r")
        XCTAssertTrue(r.screen.contains("root@web01:~# cat /tmp/x\r\nline1\r\n"), r.screen)
        XCTAssertEqual(inputs(r.events), ["cat > /tmp/x <<EOF\nline1\nEOF", "cat /tmp/x"])
        XCTAssertEqual(r.events.filter { $0.kind == .commandStdin }.count, 0, "a here-document is not terminal input")
    }

    func testReadTakesOneLine() async {
        let r = await Fixture.interactive("read -p 'name? ' a b\rfirst second third\recho \"[$a|$b]\"\r")
        XCTAssertTrue(r.screen.contains("name? first second third\r\nroot@web01:~# echo \"[$a|$b]\"\r\n[first|second third]\r\n"), r.screen)
        XCTAssertEqual(inputs(r.events), ["read -p 'name? ' a b", "echo \"[$a|$b]\""])
        XCTAssertEqual(typed(r.events), ["read: first second third"])
        // The typed line is input to `read`, not a command line of its own.
        XCTAssertFalse(r.events.contains { $0.kind == .commandInput && $0.input == "first second third" })
    }

    func testCtrlCKeepsTypedLinesAndAbandonsTheLine() async {
        let r = await Fixture.interactive("cat > /tmp/c; echo skipped\rpart\rhalf\u{03}echo $?; cat /tmp/c\r")
        XCTAssertTrue(r.screen.contains("part\r\nhalf^C\r\nroot@web01:~# echo $?; cat /tmp/c\r\n130\r\npart\r\n"), r.screen)
        XCTAssertFalse(r.screen.contains("\r\nskipped\r\n"), r.screen)
    }

    func testPipelineReadsTerminalOnlyInFirstStageAndFileOperandsDoNot() async {
        let r = await Fixture.interactive("cat | wc -l\ra\rb\r\u{04}cat /etc/hostname\rgrep x /etc/hostname; echo $?\r")
        XCTAssertTrue(r.screen.contains("a\r\nb\r\n2\r\nroot@web01:~# cat /etc/hostname\r\nweb01\r\nroot@web01:~# grep x /etc/hostname; echo $?\r\n1\r\n"), r.screen)
    }

    func testCtrlDMidLineHandsOverPartialLine() async {
        let r = await Fixture.interactive("cat > /tmp/p\rab\u{04}\u{04}wc -c /tmp/p\r")
        XCTAssertTrue(r.screen.contains("wc -c /tmp/p\r\n2 /tmp/p\r\n"), r.screen)
    }

    func testNestedShellRunsFollowingLinesAsCommands() async {
        let r = await Fixture.interactive("sh\recho inner\r")
        XCTAssertTrue(r.screen.contains("echo inner\r\ninner\r\n"), r.screen)
        XCTAssertEqual(inputs(r.events), ["sh", "echo inner"])
    }

    func testClientGoneWhileCatReadsKeepsPartialLine() async {
        let r = await Fixture.interactive("cat > /tmp/g\rfull\rpartial")
        XCTAssertEqual(r.events.filter { $0.kind == .fileCreated }.first?.size, 12)
    }
}

/// The canonical-mode reader alone: editing keys, CR LF, ^D, caps, hostile bytes.
final class CookedInputTests: XCTestCase {
    func testEditingAndLineEnds() {
        var c = CookedInput(mode: .toEndOfInput)
        let (echo, consumed, outcome) = c.feed(Array("abx\u{7F}c\r\nzz\u{15}q\n\u{04}rest".utf8)[...])
        XCTAssertEqual(c.data, Array("abc\nq\n".utf8))
        XCTAssertEqual(outcome, .finished)
        XCTAssertEqual(consumed, 13)
        XCTAssertEqual(echo, Array("abx\u{08} \u{08}c\r\nzz\u{08}\u{08}  \u{08}\u{08}q\r\n".utf8))
    }

    func testOneLineStopsAfterFirstLineAndCRLFSplitAcrossChunks() {
        var c = CookedInput(mode: .oneLine)
        let r = c.feed(Array("one\rtwo\r".utf8)[...])
        XCTAssertEqual(r.consumed, 4)
        XCTAssertEqual(r.outcome, .finished)
        XCTAssertTrue(c.endedWithCR)
        var d = CookedInput(mode: .toEndOfInput)
        _ = d.feed(Array("a\r".utf8)[...])
        _ = d.feed(Array("\nb\n".utf8)[...])
        XCTAssertEqual(d.data, Array("a\nb\n".utf8))
    }

    func testControlBytesAreDataAndOverlongLinesAreCut() {
        var c = CookedInput(mode: .toEndOfInput)
        let r = c.feed(([0x01, 0x00, 0x1B] + Array(repeating: 0x41, count: 10_000) + [0x0A, 0x04])[...])
        XCTAssertEqual(r.outcome, .finished)
        XCTAssertEqual(c.data.count, CookedInput.maxLine + 1)
        XCTAssertEqual(Array(c.data.prefix(3)), [0x01, 0x00, 0x1B])
        XCTAssertEqual(Array(r.echo.prefix(6)), Array("^A^@^[".utf8))
    }

    func testInterruptAndTotalCap() {
        var c = CookedInput(mode: .toEndOfInput)
        XCTAssertEqual(c.feed(Array("x\n\u{03}y".utf8)[...]).outcome, .interrupted)
        XCTAssertEqual(c.data, Array("x\n".utf8))
        var big = CookedInput(mode: .toEndOfInput)
        let line = Array(repeating: UInt8(0x61), count: 4_000) + [0x0A]
        var finished = false
        for _ in 0..<3_000 where !finished {
            finished = big.feed(line[...]).outcome == .finished
        }
        XCTAssertTrue(finished)
        XCTAssertEqual(big.data.count, CookedInput.maxData)
    }
}

final class TerminalPasswdTests: XCTestCase {
    func testPasswdPromptsForEachLineWithoutEcho() async {
        let r = await Fixture.interactive("passwd\rS3cret!\rS3cret!\recho after\r")
        XCTAssertTrue(r.screen.contains("root@web01:~# passwd\r\nNew password: \r\nRetype new password: \r\npasswd: password updated successfully\r\nroot@web01:~# echo after\r\nafter\r\n"), r.screen)
        XCTAssertFalse(r.screen.contains("S3cret"), "a password is not echoed")
        XCTAssertEqual(r.events.filter { $0.kind == .commandInput }.map(\.input), ["passwd", "echo after"])
        let typed = r.events.filter { $0.kind == .commandStdin }
        XCTAssertEqual(typed.map(\.password), ["S3cret!", "S3cret!"])
        XCTAssertEqual(typed.map(\.message), ["passwd", "passwd"])
        XCTAssertEqual(typed.map(\.input), [nil, nil], "a no-echo read is a password, not input text")
        XCTAssertEqual(typed.first?.username, "root")
    }

    func testPasswdMismatchAndPipedFormStillWork() async {
        let r = await Fixture.interactive("passwd\ra\rb\recho -e 'x\\nx' | passwd\r")
        XCTAssertTrue(r.screen.contains("Retype new password: \r\nSorry, passwords do not match.\r\n"), r.screen)
        XCTAssertTrue(r.screen.hasSuffix("passwd: password updated successfully\r\nroot@web01:~# "), r.screen)
    }
}

final class StdinCollectorTests: XCTestCase {
    /// An exec client that closes stdin (the usual `ssh host cmd`) must not wait for the collector's clock:
    /// 100 collections of a closed stream take far less than 100 × the 10 ms tick.
    func testClosedStdinEndsTheWaitAtOnce() async {
        let start = Date()
        for k in 0..<100 {
            let (stream, continuation) = AsyncStream<ShellInput>.makeStream()
            if k % 2 == 0 { continuation.yield(.bytes([0x41])) }
            continuation.finish()
            let bytes = await StdinCollector.collect(stream)
            XCTAssertEqual(bytes, k % 2 == 0 ? [0x41] : [])
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 0.5)
    }

    func testSilentOpenStdinGivesUpAfterTheFirstWait() async {
        let (stream, continuation) = AsyncStream<ShellInput>.makeStream()
        let start = Date()
        let bytes = await StdinCollector.collect(stream, firstWaitMs: 50)
        XCTAssertEqual(bytes, [])
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
        continuation.finish()
    }
}

/// A stdin script (`ssh -T host < script`, no terminal): a command reading stdin takes the bytes after its
/// line, as bash reading a script from a pipe leaves them.
final class StdinScriptTests: XCTestCase {
    private func runScript(_ text: String) async -> RecordingIO {
        let io = RecordingIO()
        let (stream, continuation) = AsyncStream<ShellInput>.makeStream()
        continuation.yield(.bytes(Array(text.utf8)))
        continuation.finish()
        _ = await Fixture.host.run(Fixture.request(nil, terminal: false), input: stream, io: io)
        return io
    }

    func testReadTakesTheNextLineAndCatTheRest() async {
        let io = await runScript("read -p 'no prompt ' v\nvalue one\necho \"[$v]\"\ncat > /tmp/s\nhello\necho not-run\n")
        XCTAssertEqual(io.out, "[value one]\n")
        XCTAssertEqual(io.err, "")
        let created = io.events.filter { $0.kind == .fileCreated }
        XCTAssertEqual(created.map(\.filename), ["/tmp/s"])
        XCTAssertEqual(created.first?.size, 19)  // "hello\necho not-run\n"
        XCTAssertEqual(io.events.filter { $0.kind == .commandInput }.map(\.input), ["read -p 'no prompt ' v", "echo \"[$v]\"", "cat > /tmp/s"])
    }

    func testChunkedScriptAndHereDocument() async {
        let io = RecordingIO()
        let (stream, continuation) = AsyncStream<ShellInput>.makeStream()
        for part in ["ec", "ho a\ncat <<E", "OF\nx\nEOF\nhead -1\nfirst\nsecond\n"] { continuation.yield(.bytes(Array(part.utf8))) }
        continuation.finish()
        _ = await Fixture.host.run(Fixture.request(nil, terminal: false), input: stream, io: io)
        XCTAssertEqual(io.out, "a\nx\nfirst\n")
    }
}
