/// The smallest honest fake host: a prompt that records every command line and answers like bash does for
/// a command it does not know. SSH and Telnet tests use it to exercise the hand-off without the full
/// fake host (MitsuShell), and it is what a build without MitsuShell would fall back to.
public struct MinimalShell: ShellProgram {
    public let hostname: String
    /// Longest line kept; the rest of an overlong line is dropped (bash would keep it, but a honeypot must
    /// bound memory per session).
    static let maxLine = 16_384

    public init(hostname: String) {
        self.hostname = hostname
    }

    public func run(_ request: ShellRequest, input: AsyncStream<ShellInput>, io: any ShellIO) async -> Int {
        let sigil = request.username == "root" ? "#" : "$"
        let prompt = Array("\(request.username)@\(hostname):~\(sigil) ".utf8)
        if let command = request.command {
            return execute(command, request, io, interactive: false) ?? 0
        }
        let echo = request.terminal != nil
        io.write(prompt)
        var line: [UInt8] = []
        for await item in input {
            guard case .bytes(let bytes) = item else { continue }
            for b in bytes {
                switch b {
                case 0x0D, 0x0A:
                    if echo { io.write([0x0A]) }
                    let text = String(decoding: line, as: UTF8.self)
                    line.removeAll()
                    if let status = execute(text, request, io, interactive: true) { return status }
                    io.write(prompt)
                case 0x7F, 0x08:
                    if !line.isEmpty {
                        line.removeLast()
                        if echo { io.write([0x08, 0x20, 0x08]) }
                    }
                case 0x03:
                    line.removeAll()
                    if echo { io.write(Array("^C\n".utf8) + prompt) }
                case 0x04 where line.isEmpty:
                    if echo { io.write(Array("logout\n".utf8)) }
                    return 0
                default:
                    if line.count < MinimalShell.maxLine { line.append(b) }
                    if echo, b >= 0x20 { io.write([b]) }
                }
            }
        }
        return 0
    }

    /// Returns the exit status when the command ends the session (exit, or any exec command).
    private func execute(_ commandLine: String, _ request: ShellRequest, _ io: any ShellIO, interactive: Bool) -> Int? {
        let trimmed = commandLine.trimmingCharacters(in: [" ", "\t"])
        guard !trimmed.isEmpty else { return interactive ? nil : 0 }
        var input = Event(kind: .commandInput, honeypot: request.honeypot, session: request.session)
        input.set(request.endpoints, transport: "tcp")
        input.input = trimmed
        io.emit(input)
        let word = trimmed.split(separator: " ").first.map(String.init) ?? trimmed
        if word == "exit" || word == "logout" {
            if interactive { io.write(Array("logout\n".utf8)) }
            return 0
        }
        var failed = input
        failed.kind = .commandFailed
        io.emit(failed)
        if interactive {
            io.write(Array("-bash: \(word): command not found\n".utf8))
            return nil
        }
        let message = Array("bash: line 1: \(word): command not found\n".utf8)
        if request.terminal != nil { io.write(message) } else { io.writeError(message) }
        return 127
    }
}

private extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
