import MitsuCore
import XCTest

/// Collects what a shell writes, in order, as a front end would see it.
final class RecordingShellIO: ShellIO, @unchecked Sendable {
    private let lock = Lock()
    private var out: [UInt8] = []
    private var err: [UInt8] = []
    private var emitted: [Event] = []

    func write(_ bytes: [UInt8]) { lock.withLock { out += bytes } }
    func writeError(_ bytes: [UInt8]) { lock.withLock { err += bytes } }
    func emit(_ event: Event) { lock.withLock { emitted.append(event) } }

    var stdout: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
    var stderr: String { lock.withLock { String(decoding: err, as: UTF8.self) } }
    var events: [Event] { lock.withLock { emitted } }
}

final class MinimalShellTests: XCTestCase {
    let ends = Endpoints(srcIP: "2001:db8::7", srcPort: 50000, destIP: "2001:db8::1", destPort: 22)

    func request(_ command: String?, terminal: TerminalInfo?) -> ShellRequest {
        ShellRequest(command: command, terminal: terminal, username: "root", honeypot: "ssh",
                     session: SessionID("0123456789ab")!, endpoints: ends)
    }

    func testExecWithoutTerminalWritesBashWordingToStderr() async {
        let io = RecordingShellIO()
        let (input, continuation) = AsyncStream<ShellInput>.makeStream()
        continuation.finish()
        let status = await MinimalShell(hostname: "web01").run(request("uname -a", terminal: nil), input: input, io: io)
        XCTAssertEqual(status, 127)
        XCTAssertEqual(io.stdout, "")
        XCTAssertEqual(io.stderr, "bash: line 1: uname: command not found\n")
        XCTAssertEqual(io.events.map(\.kind), [.commandInput, .commandFailed])
        XCTAssertEqual(io.events.first?.input, "uname -a")
        XCTAssertEqual(io.events.first?.srcIP, "2001:db8::7")
        XCTAssertEqual(io.events.first?.session?.description, "0123456789ab")
    }

    func testInteractiveLineEditingAndExit() async {
        let io = RecordingShellIO()
        let (input, continuation) = AsyncStream<ShellInput>.makeStream()
        continuation.yield(.bytes(Array("lx\u{7F}s\r".utf8)))
        continuation.yield(.bytes(Array("exit\r".utf8)))
        let status = await MinimalShell(hostname: "web01").run(
            request(nil, terminal: TerminalInfo(term: "xterm", columns: 80, rows: 24)), input: input, io: io)
        XCTAssertEqual(status, 0)
        XCTAssertEqual(io.stdout, "root@web01:~# lx\u{8} \u{8}s\n-bash: ls: command not found\nroot@web01:~# exit\nlogout\n")
        XCTAssertEqual(io.events.filter { $0.kind == .commandInput }.map(\.input), ["ls", "exit"])
    }

    func testTerminalLineEnds() {
        XCTAssertEqual(ShellDelivery.terminalBytes(Array("a\nb\r\nc\n\n".utf8)), Array("a\r\nb\r\nc\r\n\r\n".utf8))
        XCTAssertEqual(ShellDelivery.terminalBytes([]), [])
    }
}
