extension Commands {
    static let touch = CommandSpec(["touch"], in: "/usr/bin", fakeSize: 97_144) { c in
        let (_, operands) = c.splitFlags()
        guard !operands.isEmpty else { return c.fail("missing file operand\nTry 'touch --help' for more information.") }
        var status = 0
        for f in operands {
            let path = c.path(f)
            if c.fs.stat(path) != nil {
                _ = c.fs.setNode(path) { $0.mtime = c.now }
            } else if let e = c.fs.write(path, [], mtime: c.now) {
                c.error("touch: cannot touch '\(f)': \(e.text)\n")
                status = 1
            }
        }
        return status
    }
}
