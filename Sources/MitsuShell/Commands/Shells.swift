extension Commands {
    /// sh/bash/dash: `-c 'string'`, a script file, or stdin as a script (`curl … | sh`).
    static let shells = CommandSpec(["sh", "bash", "dash", "ash"], in: "/usr/bin", fakeSize: 1_265_648) { c in
        var args = c.args
        while let f = args.first, f.hasPrefix("-"), f != "-c", !f.contains("c") || f.hasPrefix("--") { args.removeFirst() }
        if let f = args.first, f.hasPrefix("-"), f.contains("c") {
            guard args.count >= 2 else {
                c.error("\(c.name): -c: option requires an argument\n")
                return 2
            }
            let name = args.count > 2 ? args[2] : c.name
            return await c.session.runString(args[1], name: name, arguments: Array(args.dropFirst(3)), stdin: c.stdin, out: c.out, err: c.err, sameShell: false)
        }
        if let file = args.first {
            let path = c.path(file)
            guard let node = c.fs.stat(path), node.kind == .file else {
                c.error("\(c.name): \(file): No such file or directory\n")
                return 127
            }
            if !c.fs.hasData(path) { return 0 }
            return await c.session.runScriptFile(path, arguments: Array(args.dropFirst()), stdin: [], out: c.out, err: c.err)
        }
        let text = String(decoding: c.stdin.prefix(ShellParser.maxInput), as: UTF8.self)
        guard !text.isEmpty else { return 0 }
        return await c.session.runString(text, name: c.name, arguments: [], stdin: [], out: c.out, err: c.err, sameShell: false)
    }
}
