import Foundation
import MitsuCore
@testable import MitsuShell
import XCTest

/// Collects what a session sends to the client.
final class RecordingIO: ShellIO, @unchecked Sendable {
    private let lock = Lock()
    private var _out: [UInt8] = []
    private var _err: [UInt8] = []
    private var _events: [Event] = []

    func write(_ bytes: [UInt8]) { lock.withLock { _out += bytes } }
    func writeError(_ bytes: [UInt8]) { lock.withLock { _err += bytes } }
    func emit(_ event: Event) { lock.withLock { _events.append(event) } }

    var out: String { lock.withLock { String(decoding: _out, as: UTF8.self) } }
    var outBytes: [UInt8] { lock.withLock { _out } }
    var err: String { lock.withLock { String(decoding: _err, as: UTF8.self) } }
    var events: [Event] { lock.withLock { _events } }
}

struct ExecResult {
    var out: String
    var err: String
    var status: Int
    var events: [Event]
    var outBytes: [UInt8]
}

enum Fixture {
    /// One host for all tests: a fixed persona state, no sleeping, artifacts in a temp directory.
    static let artifactsRoot = NSTemporaryDirectory() + "mitsushell-tests-\(getpid())"
    static let host: MitsuHost = {
        let data = NSTemporaryDirectory() + "mitsushell-data-\(getpid())"
        try? FileManager.default.createDirectory(atPath: data + "/shell", withIntermediateDirectories: true)
        let state = PersonaState(hostname: "web01", macs: ["52:54:00:ab:cd:ef"], ipv4: "10.20.30.40", extraUser: "deploy",
                                 bootTime: Date().timeIntervalSince1970 - 3 * 86_400 - 3_700)
        FileManager.default.createFile(atPath: data + "/" + PersonaState.fileName, contents: try? JSONEncoder().encode(state))
        return MitsuHost(dataDirectory: data, artifacts: ArtifactStore(root: artifactsRoot), pacing: NoPacing())
    }()

    static func request(_ command: String?, terminal: Bool, user: String = "root") -> ShellRequest {
        ShellRequest(command: command, terminal: terminal ? TerminalInfo(term: "xterm", columns: 80, rows: 24) : nil,
                     username: user, honeypot: "ssh", session: SessionID.random(),
                     endpoints: Endpoints(srcIP: "198.51.100.7", srcPort: 50_000, destIP: "10.20.30.40", destPort: 22))
    }

    /// Runs one exec request (`ssh host 'command'`) without a terminal.
    static func exec(_ command: String, stdin: [UInt8] = [], user: String = "root") async -> ExecResult {
        let io = RecordingIO()
        let (stream, continuation) = AsyncStream<ShellInput>.makeStream()
        if !stdin.isEmpty { continuation.yield(.bytes(stdin)) }
        continuation.finish()
        let status = await host.run(request(command, terminal: false, user: user), input: stream, io: io)
        return ExecResult(out: io.out, err: io.err, status: status, events: io.events, outBytes: io.outBytes)
    }

    /// Types `keys` into an interactive terminal session and returns everything the client saw.
    static func interactive(_ keys: String) async -> (screen: String, status: Int, events: [Event]) {
        let io = RecordingIO()
        let (stream, continuation) = AsyncStream<ShellInput>.makeStream()
        continuation.yield(.bytes(Array(keys.utf8)))
        continuation.finish()
        let status = await host.run(request(nil, terminal: true), input: stream, io: io)
        return (io.out, status, io.events)
    }
}
