import Foundation

/// The hand-off between a login front end (SSH, Telnet) and the fake host behind it.
///
/// The front end owns the connection and the terminal protocol; the shell owns everything the attacker
/// types. The front end calls `start` once a shell or exec request arrives, then `receive` with every
/// byte the client types; the shell answers through `output` and says when it is finished.
public protocol ShellSession: AnyObject {
    /// Starts an interactive shell (`command == nil`) or runs one command (SSH exec). Returns the bytes
    /// to show first (motd, prompt, or the command's whole output).
    func start(command: String?, terminal: TerminalInfo?) -> ShellOutput
    /// Bytes typed by the client.
    func receive(_ bytes: [UInt8]) -> ShellOutput
    func resize(columns: Int, rows: Int)
}

public struct TerminalInfo: Sendable, Equatable {
    public var term: String
    public var columns: Int
    public var rows: Int

    public init(term: String, columns: Int, rows: Int) {
        self.term = term
        self.columns = columns
        self.rows = rows
    }
}

public struct ShellOutput: Sendable, Equatable {
    public var bytes: [UInt8]
    /// Standard error, kept apart for exec requests without a terminal (SSH extended data); with a
    /// terminal it is merged into `bytes`, as a pty merges it.
    public var stderr: [UInt8] = []
    /// The events the shell produced (command.input, command.failed, …), already tied to the session.
    public var events: [Event]
    /// Set when the shell has ended (exit, end of an exec command): the front end closes the channel
    /// after sending `bytes`, reporting this exit status.
    public var exitStatus: Int?

    public init(bytes: [UInt8] = [], stderr: [UInt8] = [], events: [Event] = [], exitStatus: Int? = nil) {
        self.bytes = bytes
        self.stderr = stderr
        self.events = events
        self.exitStatus = exitStatus
    }
}

/// Until the fake host exists (its own issue): a prompt that records every command line and answers
/// like bash does for a command it does not know.
public final class MinimalShell: ShellSession {
    private let honeypot: String
    private let session: SessionID?
    private let prompt: [UInt8]
    private var line: [UInt8] = []
    private var echo = true
    /// Longest line kept; the rest of an overlong line is dropped (bash would keep it, but a honeypot
    /// must bound memory per session).
    static let maxLine = 16_384

    public init(honeypot: String, session: SessionID?, hostname: String, user: String) {
        self.honeypot = honeypot
        self.session = session
        let sigil = user == "root" ? "#" : "$"
        prompt = Array("\(user)@\(hostname):~\(sigil) ".utf8)
    }

    public func start(command: String?, terminal: TerminalInfo?) -> ShellOutput {
        echo = terminal != nil
        guard let command else { return ShellOutput(bytes: prompt) }
        var out = run(command, interactive: false)
        out.exitStatus = out.exitStatus ?? 0
        return out
    }

    public func resize(columns: Int, rows: Int) {}

    public func receive(_ bytes: [UInt8]) -> ShellOutput {
        var out = ShellOutput()
        for b in bytes {
            switch b {
            case 0x0D, 0x0A:
                if echo { out.bytes += [0x0D, 0x0A] }
                let text = String(decoding: line, as: UTF8.self)
                line.removeAll()
                let r = run(text, interactive: true)
                out.bytes += r.bytes
                out.events += r.events
                if let status = r.exitStatus {
                    out.exitStatus = status
                    return out
                }
                out.bytes += prompt
            case 0x7F, 0x08:
                if !line.isEmpty {
                    line.removeLast()
                    if echo { out.bytes += [0x08, 0x20, 0x08] }
                }
            case 0x03:
                line.removeAll()
                if echo { out.bytes += Array("^C\r\n".utf8) + prompt }
            case 0x04 where line.isEmpty:
                if echo { out.bytes += Array("logout\r\n".utf8) }
                out.exitStatus = 0
                return out
            default:
                if line.count < MinimalShell.maxLine { line.append(b) }
                if echo, b >= 0x20 { out.bytes.append(b) }
            }
        }
        return out
    }

    private func run(_ commandLine: String, interactive: Bool) -> ShellOutput {
        let trimmed = commandLine.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return ShellOutput() }
        var input = Event(kind: .commandInput, honeypot: honeypot, session: session)
        input.input = trimmed
        let word = trimmed.split(separator: " ").first.map(String.init) ?? trimmed
        if word == "exit" || word == "logout" {
            return ShellOutput(bytes: interactive ? Array("logout\r\n".utf8) : [], events: [input], exitStatus: 0)
        }
        var failed = Event(kind: .commandFailed, honeypot: honeypot, session: session)
        failed.input = trimmed
        if interactive {
            return ShellOutput(bytes: Array("-bash: \(word): command not found\r\n".utf8), events: [input, failed])
        }
        let message = Array("bash: line 1: \(word): command not found\n".utf8)
        return echo ? ShellOutput(bytes: message, events: [input, failed], exitStatus: 127)
            : ShellOutput(stderr: message, events: [input, failed], exitStatus: 127)
    }
}
