extension Commands {
    /// type/command -v/which share the lookup; `type` prints bash's sentences.
    static let type = CommandSpec(["type"], in: "") { c in
        var status = 0
        for name in c.args where !name.hasPrefix("-") {
            switch c.session.describe(name) {
            case .function: c.print("\(name) is a function\n")
            case .builtin: c.print("\(name) is a shell builtin\n")
            case .keyword: c.print("\(name) is a shell keyword\n")
            case .file(let path): c.print("\(name) is \(path)\n")
            case nil:
                c.error("\(c.session.errorPrefix): type: \(name): not found\n")
                status = 1
            }
        }
        return status
    }

    /// `command -v X` (what bots use to probe for tools) and `command X` (run X skipping functions).
    static let command = CommandSpec(["command"], in: "") { c in
        var args = c.args
        var verbose = false
        while let f = args.first, f.hasPrefix("-") {
            if f.contains("v") || f.contains("V") { verbose = true }
            args.removeFirst()
        }
        if verbose {
            var status = 0
            for name in args {
                switch c.session.describe(name) {
                case .file(let path): c.print(path + "\n")
                case .builtin, .function, .keyword: c.print(name + "\n")
                case nil: status = 1
                }
            }
            return status
        }
        guard !args.isEmpty else { return 0 }
        return await c.session.dispatch(args, stdin: c.stdin, out: c.out, err: c.err)
    }

    static let which = CommandSpec(["which"], in: "/usr/bin", fakeSize: 946) { c in
        var status = 0
        for name in c.args where !name.hasPrefix("-") {
            if name.contains("/") {
                if c.fs.stat(c.path(name))?.kind == .file { c.print(name + "\n") } else { status = 1 }
            } else if let path = c.session.searchPath(name) {
                c.print(path + "\n")
            } else {
                status = 1
            }
        }
        return c.args.isEmpty ? 1 : status
    }
}

extension Session {
    enum CommandKind: Equatable { case function, builtin, keyword, file(String) }

    func describe(_ name: String) -> CommandKind? {
        if ShellParser.reserved.contains(name) || ["[[", "]]", "{", "}", "!"].contains(name) { return .keyword }
        if functions[name] != nil { return .function }
        if host.registry.builtin(name) != nil { return .builtin }
        if name.contains("/") { return fs.stat(FSPath.normalize(name, cwd: cwd))?.kind == .file ? .file(name) : nil }
        return searchPath(name).map { .file($0) }
    }
}
