import Foundation
import MitsuCore

/// One login's shell: variables, cwd, history, the session's filesystem view, and the loop that turns
/// client input into command lines. Lives on one task for the session's lifetime (not shared).
final class Session {
    let host: MitsuHost
    let request: ShellRequest
    let io: any ShellIO
    let fs: SessionFS
    var persona: Persona { host.persona }
    let user: String
    let uid: Int
    let home: String
    let shellPID: Int
    var cwd: String
    var env: [String: String]
    var exported: Set<String>
    var functions: [String: Script] = [:]
    var positional: [String] = []
    var status = 0
    var history: [String] = []
    /// argv[0] shown in `$0` and in error prefixes.
    var scriptName = "-bash"
    /// Set by `exit`/`logout`: the session ends after the current line.
    var exitStatus: Int?
    /// `break`/`continue`/`return` unwinding.
    var unwinding: Unwind?
    /// Current command line, for events.
    var currentLine = ""
    /// Simple commands run for the current line; caps runaway loops.
    var steps = 0
    var callDepth = 0
    var lastBackgroundPID = 0
    /// How far `read` has consumed each stdin value during the current line (see Read.swift).
    var readCursors: [String: Int] = [:]
    var columns = 80
    /// The session's own stdin: an interactive session's keystrokes or a stdin script (nil for exec).
    var terminalInput: TerminalInput?
    /// True while the stdin handed down is still the session's own (not a pipe, redirect or here-document).
    var stdinIsTerminal = false
    /// ^C while a command read the terminal: the rest of the line is abandoned, as bash does.
    var interrupted = false
    let terminal: Bool
    /// Error prefix before `X: command not found`: `-bash` on a terminal, `bash: line 1` for exec.
    var errorPrefix: String

    /// Accounts with a fixed uid below 1000 that can run commands: Debian's www-data (PHP's system()
    /// runs as it, in the script's directory).
    static let systemAccounts: [String: (uid: Int, home: String, cwd: String)] = [
        "www-data": (33, "/var/www", "/var/www/html"),
    ]

    static let maxSteps = 100_000
    static let maxCallDepth = 24

    enum Unwind { case breakLoop(Int), continueLoop(Int), returnFunction }

    init(host: MitsuHost, request: ShellRequest, io: any ShellIO) {
        self.host = host
        self.request = request
        self.io = io
        shellPID = Int.random(in: 1_800...31_000)
        fs = SessionFS(image: host.image, synth: SynthFS(persona: host.persona, shellPID: shellPID))
        let name = request.username.isEmpty ? "root" : request.username
        user = name
        // A system account (the web server's, for commands injected through MitsuWeb) has its own
        // uid and home; any other name is the first ordinary user.
        let system = Self.systemAccounts[name]
        uid = name == "root" ? 0 : system?.uid ?? 1000
        home = name == "root" ? "/root" : system?.home ?? "/home/\(name)"
        cwd = system?.cwd ?? home
        terminal = request.terminal != nil
        columns = request.terminal?.columns ?? 80
        errorPrefix = request.terminal != nil ? "-bash" : "bash: line 1"
        env = [
            "HOME": home, "USER": name, "LOGNAME": name, "SHELL": "/bin/bash", "PWD": home,
            "PATH": name == "root" ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" : "/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games",
            "LANG": "C.UTF-8", "SHLVL": "1", "HOSTNAME": host.persona.hostname, "IFS": " \t\n",
            "TERM": request.terminal?.term ?? "dumb", "MAIL": "/var/mail/\(name)",
            "SSH_CONNECTION": "\(request.endpoints.srcIP) \(request.endpoints.srcPort) \(request.endpoints.destIP) \(request.endpoints.destPort)",
            "SSH_CLIENT": "\(request.endpoints.srcIP) \(request.endpoints.srcPort) \(request.endpoints.destPort)",
        ]
        exported = Set(env.keys).subtracting(["IFS", "HOSTNAME"])
        if fs.stat(home) == nil { _ = fs.mkdir(home, parents: true, mtime: Int(host.persona.bootTime)) }
        if fs.stat(cwd) == nil { _ = fs.mkdir(cwd, parents: true, mtime: Int(host.persona.bootTime)) }
        if uid != 0 { fs.writableRoots = [home, "/tmp", "/var/tmp", "/dev/shm"] }
    }

    var now: Int { Int(Date().timeIntervalSince1970) }

    var prompt: String {
        let shown = cwd == home ? "~" : cwd.hasPrefix(home + "/") ? "~" + cwd.dropFirst(home.count) : cwd
        return "\(user)@\(persona.hostname):\(shown)\(uid == 0 ? "#" : "$") "
    }

    // MARK: main loop

    func main(input: AsyncStream<ShellInput>) async -> Int {
        if let command = request.command {
            scriptName = "bash"
            let stdin = terminal ? [] : await StdinCollector.collect(input)
            await runLine(command, record: true, stdin: stdin)
            return exitStatus ?? status
        }
        if terminal { return await interactive(input) }
        // A shell without a terminal (`ssh -T host`, piped input): stdin is the script, line by line, and a
        // command in it that reads stdin (`cat > f`) takes the bytes after its line, as bash's would.
        let script = TerminalInput(input)
        terminalInput = script
        defer { terminalInput = nil }
        var pending: [UInt8] = []
        var lineNumber = 0
        var text = ""
        while true {
            if let nl = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<nl], as: UTF8.self)
                pending.removeSubrange(...nl)
                lineNumber += 1
                let joined = text.isEmpty ? line : text + "\n" + line
                if ShellParser.needsMoreInput(joined), joined.utf8.count < ShellParser.maxInput {
                    text = joined
                    continue
                }
                text = ""
                errorPrefix = "bash: line \(lineNumber)"
                script.unread(pending)
                pending = []
                stdinIsTerminal = true
                await runLine(joined, record: true)
                stdinIsTerminal = false
                if let s = exitStatus { return s }
                continue
            }
            guard let bytes = await script.next() else { break }
            pending += bytes
            if pending.count > ShellParser.maxInput, !pending.contains(0x0A) { pending.removeAll() }
        }
        let rest = text.isEmpty ? String(decoding: pending, as: UTF8.self) : text + "\n" + String(decoding: pending, as: UTF8.self)
        if !rest.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { await runLine(rest, record: true) }
        return exitStatus ?? status
    }

    private func interactive(_ input: AsyncStream<ShellInput>) async -> Int {
        sendRaw(Array(motd.utf8))
        sendRaw(Array(prompt.utf8))
        let keys = TerminalInput(input)
        terminalInput = keys
        defer { terminalInput = nil }
        var editor = LineEditor()
        var pending = ""
        while let bytes = await keys.next() {
            if let c = keys.columns { columns = c }
            var rest = bytes[...]
            while !rest.isEmpty {
                let (actions, consumed) = editor.feed(rest, history: history, stopAfterLine: true)
                rest = rest.dropFirst(consumed)
                for action in actions {
                    switch action {
                    case .echo(let b): sendRaw(b)
                    case .interrupt:
                        pending = ""
                        sendRaw(Array("^C\r\n".utf8) + Array(prompt.utf8))
                    case .clear: sendRaw(Array("\u{1B}[H\u{1B}[2J".utf8) + Array(prompt.utf8))
                    case .endOfInput:
                        sendRaw(Array("logout\r\n".utf8))
                        return status
                    case .line(let typed):
                        sendRaw([0x0D, 0x0A])
                        // An open quote, `if` without `fi` or a here-document asks for more (`> `).
                        let text = pending.isEmpty ? typed : pending + "\n" + typed
                        if ShellParser.needsMoreInput(text), text.utf8.count < ShellParser.maxInput {
                            pending = text
                            sendRaw(Array("> ".utf8))
                            continue
                        }
                        pending = ""
                        // What was typed after this line is the command's to read first (`cat > f`), then the shell's.
                        keys.unread(rest)
                        keys.swallowLF = rest.isEmpty && editor.endedWithCR
                        rest = []
                        interrupted = false
                        stdinIsTerminal = true
                        await runLine(text, record: true)
                        stdinIsTerminal = false
                        if let s = exitStatus {
                            sendRaw(Array("logout\r\n".utf8))
                            return s
                        }
                        sendRaw(Array(prompt.utf8))
                    }
                }
            }
        }
        return status
    }

    private var motd: String {
        """
        Linux \(persona.hostname) \(persona.kernelRelease) \(persona.kernelVersion) \(persona.machine)\r
        \r
        The programs included with the Debian GNU/Linux system are free software;\r
        the exact distribution terms for each program are described in the\r
        individual files in /usr/share/doc/*/copyright.\r
        \r
        Debian GNU/Linux comes with ABSOLUTELY NO WARRANTY, to the extent\r
        permitted by applicable law.\r

        """
    }

    // MARK: lines

    /// Parses and runs one command line, emitting `command.input` for it.
    func runLine(_ raw: String, record: Bool, stdin: [UInt8] = []) async {
        let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !line.isEmpty else { return }
        if record {
            currentLine = String(line.prefix(ShellParser.maxInput))
            var e = event(.commandInput)
            e.input = currentLine
            e.url = Session.firstURL(in: currentLine)
            io.emit(e)
            if history.count < 1000 { history.append(currentLine) }
            steps = 0
            readCursors.removeAll()
        }
        await host.pacing.pause(milliseconds: Int.random(in: 2...9))
        let script: Script
        do {
            script = try ShellParser.parse(line)
        } catch {
            reportSyntaxError(error, line: line)
            status = 2
            return
        }
        let stdout = Sink(.client(stderr: false), session: self)
        let stderr = Sink(.client(stderr: true), session: self)
        await execute(script, stdin: stdin, out: stdout, err: stderr)
    }

    /// The first `scheme://…` word of a line, so a dropper's URL is searchable on its `command.input`.
    static func firstURL(in line: String) -> String? {
        for word in line.split(whereSeparator: { " \t;|&'\"()`<>".contains($0) }) where word.contains("://") {
            return String(word)
        }
        return nil
    }

    func reportSyntaxError(_ error: ShellSyntaxError, line: String) {
        if terminal, request.command == nil {
            sendToClient(Array("-bash: \(error.message)\n".utf8), stderr: true)
        } else {
            let prefix = scriptName == "bash" ? "bash: -c: line 1" : errorPrefix
            sendToClient(Array("\(prefix): \(error.message)\n\(prefix): `\(line)'\n".utf8), stderr: true)
        }
    }

    // MARK: output and events

    /// Output for the client: on a terminal `\n` becomes `\r\n` (the pty's onlcr) and stderr is merged.
    func sendToClient(_ bytes: [UInt8], stderr: Bool) {
        guard !bytes.isEmpty else { return }
        if terminal {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            var previous: UInt8 = 0
            for b in bytes {
                if b == 0x0A, previous != 0x0D { out.append(0x0D) }
                out.append(b)
                previous = b
            }
            io.write(out)
        } else if stderr {
            io.writeError(bytes)
        } else {
            io.write(bytes)
        }
    }

    func sendRaw(_ bytes: [UInt8]) { io.write(bytes) }

    func event(_ kind: EventKind) -> Event {
        var e = Event(kind: kind, honeypot: request.honeypot, session: request.session)
        e.set(request.endpoints, transport: "tcp")
        e.username = request.username
        return e
    }

    /// Stores a file the session wrote and reports it (`file.created`).
    func recordCreatedFile(path: String, bytes: [UInt8]) {
        guard !bytes.isEmpty, !path.hasPrefix("/dev/"), !path.hasPrefix("/proc/") else { return }
        var e = event(.fileCreated)
        e.filename = path
        e.input = currentLine
        e.size = Int64(bytes.count)
        storeArtifact(bytes, in: &e)
        io.emit(e)
    }

    func commandNotFound(_ name: String, err: Sink) -> Int {
        err.write("\(errorPrefix): \(name): command not found\n")
        var e = event(.commandFailed)
        e.input = currentLine
        io.emit(e)
        return 127
    }
}
