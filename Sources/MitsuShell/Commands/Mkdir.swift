extension Commands {
    static let mkdir = CommandSpec(["mkdir"], in: "/usr/bin", fakeSize: 68_856) { c in
        var (flags, operands) = c.splitFlags()
        var args = c.args[...]
        while let a = args.first { args = args.dropFirst(); if a == "-m" { operands.removeAll { $0 == args.first }; args = args.dropFirst() } }
        if c.args.contains("--parents") { flags.insert("p") }
        guard !operands.isEmpty else { return c.fail("missing operand\nTry 'mkdir --help' for more information.") }
        var status = 0
        for d in operands {
            if let e = c.fs.mkdir(c.path(d), parents: flags.contains("p"), mtime: c.now) {
                c.error("mkdir: cannot create directory '\(d)': \(e.text)\n")
                status = 1
            }
        }
        return status
    }

    static let rmdir = CommandSpec(["rmdir"], in: "/usr/bin", fakeSize: 47_480) { c in
        var status = 0
        for d in c.splitFlags().1 {
            if let e = c.fs.rmdir(c.path(d)) {
                c.error("rmdir: failed to remove '\(d)': \(e.text)\n")
                status = 1
            }
        }
        return status
    }
}
