/// Which commands read the terminal when their stdin is it, and the hook that hands them what the client
/// types next. Commands take stdin as a value, so the session must know before running one whether it
/// would read: `cat`, `base64 -d`, `tee`, filters without a file operand read until ^D, `read` one line.
/// `sh`/`bash` without arguments are absent on purpose: on a terminal they are a nested interactive
/// shell, so what follows is run line by line as commands (Mirai's `sh` then `/bin/busybox …`).
enum TerminalStdin {
    static func mode(_ argv: [String]) -> CookedInput.Mode? {
        guard let first = argv.first else { return nil }
        let name = FSPath.basename(first)
        let args = Array(argv.dropFirst())
        if name == "busybox" { return args.isEmpty ? nil : mode(args) }
        switch name {
        case "read":
            return args.contains("-u") ? nil : .oneLine
        case "tee", "tr", "chpasswd":
            return .toEndOfInput
        case "cat", "tac", "base64", "md5sum", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "wc", "sort",
             "uniq", "od", "xxd", "hexdump", "strings", "gzip", "gunzip", "zcat", "nl", "rev":
            return readsWithOperands(args, max: 0, valued: ["-w", "-n", "-k", "-t", "-o", "-S"])
        case "head", "tail":
            return readsWithOperands(args, max: 0, valued: ["-n", "-c"])
        case "cut":
            return readsWithOperands(args, max: 0, valued: ["-d", "-f", "-c", "-b"])
        case "grep", "egrep", "fgrep":
            let explicit = args.contains { $0 == "-e" || $0 == "-f" }
            return readsWithOperands(args, max: explicit ? 0 : 1, valued: ["-e", "-f", "-m", "-A", "-B", "-C"])
        case "sed", "awk":
            let explicit = args.contains { $0 == "-e" || $0 == "-f" }
            return readsWithOperands(args, max: explicit ? 0 : 1, valued: ["-e", "-f", "-F", "-v"])
        case "dd":
            return args.contains { $0.hasPrefix("if=") } ? nil : .toEndOfInput
        default:
            return nil
        }
    }

    /// True (read to end of input) when the operands left after flags — and the values of `valued`
    /// flags given separately — number at most `max`, or one is `-`.
    private static func readsWithOperands(_ args: [String], max: Int, valued: Set<String>) -> CookedInput.Mode? {
        var operands: [String] = []
        var skipNext = false
        var flagsDone = false
        for a in args {
            if skipNext { skipNext = false; continue }
            if !flagsDone, a == "--" { flagsDone = true; continue }
            if !flagsDone, a.hasPrefix("-"), a != "-" {
                if valued.contains(a) { skipNext = true }
                continue
            }
            operands.append(a)
        }
        if operands.contains("-") { return .toEndOfInput }
        return operands.count <= max ? .toEndOfInput : nil
    }
}

extension Session {
    /// Runs an emulated command. Its stdin is what the interpreter handed down, unless that is still the
    /// interactive terminal and the command reads it — then the keystrokes that follow, echoed, up to ^D
    /// (or one line), and the command runs detached from the terminal so nothing it calls reads again.
    func run(_ spec: CommandSpec, argv: [String], stdin: [UInt8], out: Sink, err: Sink) async -> Int {
        guard stdinIsTerminal, !interrupted, let keys = terminalInput, let mode = TerminalStdin.mode(argv) else {
            return await spec.run(Invocation(session: self, argv: argv, stdin: stdin, out: out, err: err))
        }
        // bash prints `read -p`'s prompt before waiting for the line.
        if terminal, FSPath.basename(argv[0]) == "read", let k = argv.firstIndex(of: "-p"), k + 1 < argv.count {
            sendToClient(Array(argv[k + 1].utf8), stderr: true)
        }
        let (data, interrupted) = await keys.read(mode, raw: !terminal) { sendRaw($0) }
        recordTerminalInput(data, program: FSPath.basename(argv[0]), secret: false)
        if let c = keys.columns { columns = c }
        // `read`'s cursor is per stdin value; each terminal line is a fresh one.
        readCursors.removeAll()
        var code = 0
        await detachedFromTerminal {
            code = await spec.run(Invocation(session: self, argv: argv, stdin: data, out: out, err: err))
        }
        // ^C: the command still saw what was typed before it (cat wrote those lines); the line is abandoned.
        if interrupted {
            self.interrupted = true
            return 130
        }
        return code
    }

    /// For programs that prompt between reads (`passwd`): one line from the terminal, echoed or not (the
    /// tty's ECHO off, as for a password); nil when stdin is not the terminal or ^C was pressed.
    func readTerminalLine(echo: Bool, program: String) async -> [UInt8]? {
        guard stdinIsTerminal, !interrupted, let keys = terminalInput else { return nil }
        let (data, interrupted) = await keys.read(.oneLine, raw: !terminal) { if echo { sendRaw($0) } }
        recordTerminalInput(data, program: program, secret: !echo)
        if interrupted {
            if !echo { sendRaw(Array("^C\r\n".utf8)) }
            self.interrupted = true
            return nil
        }
        return data.last == 0x0A ? Array(data.dropLast()) : data
    }

    /// The longest `input` a `command.stdin` event carries; a bigger paste is on its `file.created`.
    static let stdinEventLimit = 4096

    /// `command.stdin`: what was typed to a command is the attacker's input too (a pasted script, the new
    /// root password), so it is an event and not only part of the recording. A no-echo read (a password
    /// prompt) goes to `password`.
    private func recordTerminalInput(_ data: [UInt8], program: String, secret: Bool) {
        var typed = data[...]
        if typed.last == 0x0A { typed = typed.dropLast() }
        guard !typed.isEmpty else { return }
        var e = event(.commandStdin)
        let text = String(decoding: typed.prefix(Session.stdinEventLimit), as: UTF8.self)
        if secret { e.password = text } else { e.input = text }
        e.message = program
        io.emit(e)
    }
}
