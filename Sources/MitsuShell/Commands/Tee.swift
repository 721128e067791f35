extension Commands {
    /// tee [-a] FILE…: stdin to stdout and into the files (each stored as `file.created`).
    static let tee = CommandSpec(["tee"], in: "/usr/bin", fakeSize: 43_576) { c in
        let (flags, files) = c.splitFlags()
        c.write(c.stdin)
        var status = 0
        for f in files {
            let path = c.path(f)
            if let e = c.fs.write(path, c.stdin, append: flags.contains("a"), mtime: c.now) {
                c.error("tee: \(f): \(e.text)\n")
                status = 1
            } else if !c.stdin.isEmpty, case .success(let content) = c.fs.read(path) {
                c.session.recordCreatedFile(path: path, bytes: content)
            }
        }
        return status
    }
}
