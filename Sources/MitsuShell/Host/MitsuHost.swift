import Foundation
import MitsuCore

/// The fake Debian host: MitsuShell's entry point, the `ShellProgram` SSH and Telnet hand sessions to.
///
/// One value serves every session of a worker (persona, filesystem image, command table are shared
/// and immutable); each `run` builds its own `Session` with a copy-on-write view of the filesystem.
public final class MitsuHost: ShellProgram {
    public let persona: Persona
    let image: FSImage
    let artifacts: ArtifactStore?
    let fetcher: any Fetcher
    let pacing: any Pacing
    let registry: CommandRegistry
    /// Where sessions are recorded (`DATA/tty`), nil when the host has no data directory (tests).
    let ttyDirectory: String?

    /// - Parameters:
    ///   - persona: what the host claims to be; the per-install random values (hostname, MACs, uptime,
    ///     extra user) are loaded from, or first saved to, `dataDirectory/shell/persona.json`.
    ///   - dataDirectory: the sensor's data directory; nil keeps the randomisation in memory only.
    ///   - artifacts: where files a session builds (`file.created`) are stored; nil stores nothing.
    ///   - fetcher: what wget/curl/tftp use; the default refuses every fetch like an unreachable host.
    ///   - pacing: output pacing; tests pass `NoPacing()` to run without sleeping.
    ///   - hostname: the host name the login front ends already show (SSH and Telnet share one); nil
    ///     keeps the per-install random one.
    public init(persona: Persona = .debian12(), dataDirectory: String?, artifacts: ArtifactStore?,
                fetcher: any Fetcher = OfflineFetcher(), pacing: any Pacing = RealPacing(), hostname: String? = nil) {
        ttyDirectory = dataDirectory.map { $0 + "/tty" }
        let state = PersonaState.loadOrCreate(dataDirectory: dataDirectory)
        var applied = persona.applying(state)
        if let hostname, !hostname.isEmpty { applied.hostname = hostname }
        self.persona = applied
        self.artifacts = artifacts
        self.fetcher = fetcher
        self.pacing = pacing
        self.registry = CommandRegistry.standard
        self.image = HostImage.build(base: self.persona.image, persona: self.persona, registry: registry)
    }

    public func run(_ request: ShellRequest, input: AsyncStream<ShellInput>, io: any ShellIO) async -> Int {
        // Terminal sessions and commands are recorded (asciicast v2); SFTP and scp carry files, not a terminal.
        var io = io
        var input = input
        var recorder: AsciicastRecorder?
        if let ttyDirectory, request.subsystem == nil, request.command.map({ SCPSink.parse($0) == nil }) ?? true,
           let r = AsciicastRecorder(directory: ttyDirectory, request: request) {
            recorder = r
            io = RecordingIO(base: io, recorder: r, terminal: request.terminal != nil)
            input = input.recorded(by: r)
        }
        defer { recorder?.close() }
        let session = Session(host: self, request: request, io: io)
        if request.subsystem == "sftp" { return await SFTPServer(session: session).run(input) }
        if let command = request.command, let sink = SCPSink.parse(command) {
            return await SCPSink(session: session, target: sink.target, recursive: sink.recursive, input: input).run()
        }
        return await session.main(input: input)
    }
}

/// Output pacing: a real host takes a few milliseconds per command and seconds for apt or wget; answering
/// everything instantly is a honeypot tell.
public protocol Pacing: Sendable {
    func pause(milliseconds: Int) async
}

public struct RealPacing: Pacing {
    public init() {}
    public func pause(milliseconds: Int) async {
        guard milliseconds > 0 else { return }
        try? await Task.sleep(nanoseconds: UInt64(milliseconds) * 1_000_000)
    }
}

/// For tests: never sleeps, counts what would have been slept.
public final class NoPacing: Pacing, @unchecked Sendable {
    private let lock = Lock()
    private var total = 0
    public init() {}
    public func pause(milliseconds: Int) async {
        lock.withLock { total += max(0, milliseconds) }
    }

    public var totalMilliseconds: Int { lock.withLock { total } }
}
