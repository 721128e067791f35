import Foundation
import MitsuCore
import MitsuShell

/// Runs an injected command on the fake host (MitsuShell) as the web server's user, `www-data`, and
/// hands back what a vulnerable script would echo: its standard output (stderr goes to the server's
/// error log on a real host). Nothing is executed; the interpreter only emulates.
///
/// Bounded: `timeLimit` seconds (a `sleep 600` is cut, as a PHP max_execution_time would), at most
/// `outputCap` bytes kept. The host's downloader decides whether wget/curl reach the network: the web
/// worker gives it an offline one, and the URLs are fetched (when `honeypots.web.downloads` allows) by
/// `URLFetcher` from the `url.seen` events, so nothing is fetched twice.
public struct InjectedShell: Sendable {
    public let program: any ShellProgram
    public var timeLimit: Double
    public var outputCap: Int
    public static let user = "www-data"

    public init(program: any ShellProgram, timeLimit: Double = 8, outputCap: Int = 64 << 10) {
        self.program = program
        self.timeLimit = timeLimit
        self.outputCap = outputCap
    }

    public struct Result: Sendable, Equatable {
        public var output: [UInt8]
        /// The shell's events (`command.input`, `command.failed`, `file.created`); downloads are left to `URLFetcher`.
        public var events: [Event]
        public var timedOut: Bool
    }

    public func run(_ command: String, session: SessionID, endpoints: Endpoints) async -> Result {
        let request = ShellRequest(command: command, terminal: nil, username: Self.user, honeypot: "web",
                                   session: session, endpoints: endpoints)
        let io = CollectingIO(cap: outputCap)
        let (input, continuation) = AsyncStream<ShellInput>.makeStream()
        continuation.finish()
        let program = self.program
        let limit = timeLimit
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask { _ = await program.run(request, input: input, io: io); return true }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(limit * 1_000_000_000))
                return false
            }
            let first = await group.next() ?? false
            // Cut off like a killed script: nothing the shell does after the limit reaches the page.
            if !first { io.freeze() }
            group.cancelAll()
            return first
        }
        let (output, events) = io.snapshot()
        return Result(output: output, events: events.filter { $0.kind != .fileDownload && $0.kind != .fileDownloadFailed },
                      timedOut: !finished)
    }

    /// A page the way a vulnerable script echoes `shell_exec()`: the output in a `<pre>`, escaped.
    public static func page(_ output: [UInt8]) -> String {
        "<pre>" + HTML.escape(String(decoding: output, as: UTF8.self)) + "</pre>\n"
    }
}

/// Keeps stdout (capped) and the events; stderr is dropped, as system() leaves it to the server's log.
final class CollectingIO: ShellIO, @unchecked Sendable {
    private let lock = Lock()
    private var out: [UInt8] = []
    private var events: [Event] = []
    private let cap: Int
    private var frozen = false

    init(cap: Int) { self.cap = cap }

    func freeze() { lock.withLock { frozen = true } }

    func write(_ bytes: [UInt8]) {
        lock.withLock {
            guard !frozen else { return }
            let room = cap - out.count
            if room > 0 { out += bytes.prefix(room) }
        }
    }

    func writeError(_ bytes: [UInt8]) {}

    func emit(_ event: Event) {
        lock.withLock { if !frozen, events.count < 256 { events.append(event) } }
    }

    func snapshot() -> ([UInt8], [Event]) { lock.withLock { (out, events) } }
}
