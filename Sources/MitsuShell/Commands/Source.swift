extension Commands {
    /// `. file` / `source file`: run a script in the current shell.
    static let source = CommandSpec([".", "source"], in: "") { c in
        guard let file = c.args.first else {
            c.error("\(c.session.errorPrefix): \(c.name): filename argument required\n")
            return 2
        }
        let path = c.path(file)
        guard c.fs.stat(path)?.kind == .file else {
            c.error("\(c.session.errorPrefix): \(file): No such file or directory\n")
            return 1
        }
        return await c.session.runScriptFile(path, arguments: Array(c.args.dropFirst()), stdin: c.stdin, out: c.out, err: c.err, sameShell: true)
    }
}
