/// One emulated program: its names, where it lives, and what it does. Each lives in its own file under
/// Commands/ as `extension Commands { static let x = CommandSpec(…) }`, listed in `CommandRegistry`.
struct CommandSpec: Sendable {
    let names: [String]
    /// `/usr/bin`, `/usr/sbin`, …; empty for shell builtins.
    let directory: String
    /// Size shown by `ls -l` when the command is added to the image.
    var fakeSize: Int = 142_312
    let run: @Sendable (Invocation) async -> Int

    init(_ names: [String], in directory: String = "/usr/bin", fakeSize: Int = 142_312, run: @escaping @Sendable (Invocation) async -> Int) {
        self.names = names
        self.directory = directory
        self.fakeSize = fakeSize
        self.run = run
    }
}

/// Namespace the command files extend.
enum Commands {}

/// Where a command's output goes: the client, a buffer (pipe, `$( )`, file redirect) or nowhere.
final class Sink {
    enum Target { case client(stderr: Bool), buffer, discard }
    let target: Target
    private(set) var bytes: [UInt8] = []
    unowned let session: Session
    /// Largest buffer kept (a pipe or `$( )` that produces more loses the rest, as a full disk would).
    static let cap = 4 << 20

    init(_ target: Target, session: Session) {
        self.target = target
        self.session = session
    }

    func write(_ data: [UInt8]) {
        switch target {
        case .client(let stderr): session.sendToClient(data, stderr: stderr)
        case .buffer: if bytes.count < Sink.cap { bytes += data.prefix(Sink.cap - bytes.count) }
        case .discard: break
        }
    }

    func write(_ text: String) { write(Array(text.utf8)) }
}

/// What a running command sees: its arguments, stdin, stdout/stderr and the session.
final class Invocation {
    let session: Session
    /// argv[0] as typed, then the arguments.
    let argv: [String]
    let stdin: [UInt8]
    let out: Sink
    let err: Sink

    init(session: Session, argv: [String], stdin: [UInt8], out: Sink, err: Sink) {
        self.session = session
        self.argv = argv
        self.stdin = stdin
        self.out = out
        self.err = err
    }

    var name: String { FSPath.basename(argv.first ?? "") }
    var args: [String] { Array(argv.dropFirst()) }
    var fs: SessionFS { session.fs }
    var persona: Persona { session.persona }
    var now: Int { session.now }

    func print(_ text: String) { out.write(text) }
    func write(_ bytes: [UInt8]) { out.write(bytes) }
    func error(_ text: String) { err.write(text) }

    /// `name: message` on stderr, the coreutils way.
    func fail(_ message: String, status: Int = 1) -> Int {
        err.write("\(name): \(message)\n")
        return status
    }

    func path(_ arg: String) -> String { FSPath.normalize(arg, cwd: session.cwd) }

    func pause(_ milliseconds: Int) async { await session.host.pacing.pause(milliseconds: milliseconds) }

    /// Reads a file argument, or stdin for none or `-`; prints coreutils' error and returns nil on failure.
    func readInput(_ arg: String?) -> [UInt8]? {
        guard let arg, arg != "-" else { return stdin }
        switch fs.read(path(arg)) {
        case .success(let b): return b
        case .failure(let e):
            err.write("\(name): \(arg): \(e.text)\n")
            return nil
        }
    }

    /// Splits `-abc` style flags from operands; `--` ends flags. Returns (flags, operands).
    func splitFlags(_ args: [String]? = nil) -> (Set<Character>, [String]) {
        var flags = Set<Character>()
        var operands: [String] = []
        var done = false
        for a in args ?? self.args {
            if !done, a == "--" { done = true; continue }
            if !done, a.hasPrefix("-"), a.count > 1, !a.hasPrefix("--") {
                for c in a.dropFirst() { flags.insert(c) }
            } else if !done, a.hasPrefix("--") {
                continue
            } else {
                operands.append(a)
            }
        }
        return (flags, operands)
    }
}
