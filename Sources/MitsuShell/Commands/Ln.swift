extension Commands {
    static let ln = CommandSpec(["ln"], in: "/usr/bin", fakeSize: 68_888) { c in
        let (flags, operands) = c.splitFlags()
        guard operands.count >= 2 else { return c.fail("missing file operand\nTry 'ln --help' for more information.") }
        let target = operands[0]
        var link = c.path(operands[1])
        if c.fs.isDirectory(link) { link = FSPath.join(link, FSPath.basename(target)) }
        if flags.contains("f") { _ = c.fs.remove(link, recursive: false) }
        if flags.contains("s") {
            if let e = c.fs.symlink(target: target, at: link, mtime: c.now) {
                return c.fail("failed to create symbolic link '\(operands[1])': \(e.text)")
            }
            return 0
        }
        guard case .success(let bytes) = c.fs.read(c.path(target)) else { return c.fail("failed to access '\(target)': No such file or directory") }
        if let e = c.fs.write(link, bytes, mtime: c.now) { return c.fail("failed to create hard link '\(operands[1])': \(e.text)") }
        return 0
    }
}
