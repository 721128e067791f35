/// Finding what a command name means, in bash's order: function, builtin, then a file found through
/// PATH (or the given path) that is either an emulated program, a script the session wrote, or an
/// image binary without an emulation (which exits quietly).
extension Session {
    func dispatch(_ argv: [String], stdin: [UInt8], out: Sink, err: Sink) async -> Int {
        guard let name = argv.first else { return 0 }
        if let body = functions[name] {
            guard callDepth < Session.maxCallDepth else { return 1 }
            callDepth += 1
            let saved = positional
            positional = Array(argv.dropFirst())
            await execute(body, stdin: stdin, out: out, err: err)
            if case .returnFunction? = unwinding { unwinding = nil }
            positional = saved
            callDepth -= 1
            return status
        }
        if let spec = host.registry.builtin(name) {
            return await run(spec, argv: argv, stdin: stdin, out: out, err: err)
        }
        let path: String
        if name.contains("/") {
            path = FSPath.normalize(name, cwd: cwd)
            guard let node = fs.stat(path) else {
                err.write("\(errorPrefix): \(name): No such file or directory\n")
                return 127
            }
            if node.kind == .directory {
                err.write("\(errorPrefix): \(name): Is a directory\n")
                return 126
            }
        } else if let found = searchPath(name) {
            path = found
        } else {
            return commandNotFound(name, err: err)
        }
        return await runFile(path, argv: argv, stdin: stdin, out: out, err: err)
    }

    /// The first PATH entry holding `name`, resolved through symlinks (`/bin` → `/usr/bin`).
    func searchPath(_ name: String) -> String? {
        guard !name.isEmpty, name != ".", name != ".." else { return nil }
        for dir in (env["PATH"] ?? "").split(separator: ":") {
            let candidate = FSPath.join(String(dir), name)
            if let node = fs.stat(candidate), node.kind == .file { return candidate }
        }
        return nil
    }

    func runFile(_ path: String, argv: [String], stdin: [UInt8], out: Sink, err: Sink) async -> Int {
        guard let node = fs.stat(path) else { return 127 }
        let shown = argv.first ?? path
        if fs.isSessionWritten(path) {
            guard node.mode & 0o111 != 0 else {
                err.write("\(errorPrefix): \(shown): Permission denied\n")
                return 126
            }
            return await runScriptFile(path, arguments: Array(argv.dropFirst()), stdin: stdin, out: out, err: err)
        }
        let base = FSPath.basename(fs.resolve(path) ?? path)
        let invocationName = FSPath.basename(shown)
        // `/bin/busybox` → busybox, `/usr/bin/wget` → wget; a link such as /usr/bin/sh → dash keeps the typed name.
        if let spec = host.registry.program(invocationName) ?? host.registry.program(base) {
            await host.pacing.pause(milliseconds: 1)
            return await run(spec, argv: argv, stdin: stdin, out: out, err: err)
        }
        if node.mode & 0o111 == 0 {
            err.write("\(errorPrefix): \(shown): Permission denied\n")
            return 126
        }
        return 0
    }

    /// Runs a text file the session wrote as a bash script (`sh x.sh`, `./x.sh`, `. x.sh`). A binary
    /// (a dropped ELF) is never run: it exits like a program that did its work silently.
    func runScriptFile(_ path: String, arguments: [String], stdin: [UInt8], out: Sink, err: Sink, sameShell: Bool = false) async -> Int {
        guard case .success(let bytes) = fs.read(path) else { return 127 }
        if bytes.starts(with: [0x7F, 0x45, 0x4C, 0x46]) || bytes.contains(0) { return 0 }
        guard callDepth < Session.maxCallDepth else { return 1 }
        let text = String(decoding: bytes.prefix(ShellParser.maxInput), as: UTF8.self)
        callDepth += 1
        defer { callDepth -= 1 }
        if sameShell {
            let saved = (positional, scriptName, errorPrefix)
            await runScriptText(text, path: path, arguments: arguments, stdin: stdin, out: out, err: err)
            (positional, scriptName, errorPrefix) = saved
        } else {
            await subshell { await self.runScriptText(text, path: path, arguments: arguments, stdin: stdin, out: out, err: err) }
        }
        return status
    }

    private func runScriptText(_ text: String, path: String, arguments: [String], stdin: [UInt8], out: Sink, err: Sink) async {
        positional = arguments
        scriptName = path
        errorPrefix = "\(path): line 1"
        switch Result(catching: { () throws(ShellSyntaxError) -> Script in try ShellParser.parse(text) }) {
        case .success(let script): await execute(script, stdin: stdin, out: out, err: err)
        case .failure(let error):
            err.write("\(path): line 1: \(error.message)\n")
            status = 2
        }
    }

    /// `sh -c 'cmd'`, `bash -c`, `eval`: a string parsed and run like a script.
    func runString(_ text: String, name: String, arguments: [String], stdin: [UInt8], out: Sink, err: Sink, sameShell: Bool) async -> Int {
        let parsed = Result(catching: { () throws(ShellSyntaxError) -> Script in try ShellParser.parse(text) })
        guard case .success(let script) = parsed else {
            if case .failure(let error) = parsed { err.write("\(name): -c: line 1: \(error.message)\n") }
            status = 2
            return status
        }
        if sameShell {
            await execute(script, stdin: stdin, out: out, err: err)
        } else {
            await subshell {
                self.scriptName = name
                self.positional = arguments
                self.errorPrefix = "\(name): line 1"
                await self.execute(script, stdin: stdin, out: out, err: err)
            }
        }
        return status
    }
}

extension SessionFS {
    /// True when the session itself wrote the file (so it may hold a script to run).
    func isSessionWritten(_ path: String) -> Bool { hasData(path) }
}
