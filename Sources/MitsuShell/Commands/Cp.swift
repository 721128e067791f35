extension Commands {
    /// cp [-r] SRC… DEST / mv SRC… DEST: into a directory when DEST is one.
    static let cp = CommandSpec(["cp"], in: "/usr/bin", fakeSize: 151_152) { c in await copyOrMove(c, move: false) }
    static let mv = CommandSpec(["mv"], in: "/usr/bin", fakeSize: 147_128) { c in await copyOrMove(c, move: true) }

    static func copyOrMove(_ c: Invocation, move: Bool, depth: Int = 0) async -> Int {
        let (flags, operands) = c.splitFlags()
        guard operands.count >= 2 else {
            return c.fail(operands.isEmpty ? "missing file operand\nTry '\(c.name) --help' for more information." : "missing destination file operand after '\(operands[0])'\nTry '\(c.name) --help' for more information.")
        }
        let dest = c.path(operands[operands.count - 1])
        let destIsDir = c.fs.isDirectory(dest)
        var status = 0
        for src in operands.dropLast() {
            let from = c.path(src)
            guard let node = c.fs.stat(from) else {
                c.error("\(c.name): cannot stat '\(src)': No such file or directory\n")
                status = 1
                continue
            }
            let to = destIsDir ? FSPath.join(dest, FSPath.basename(from)) : dest
            if node.kind == .directory, to == from || to.hasPrefix(from == "/" ? "/" : from + "/") {
                c.error(move ? "mv: cannot move '\(src)' to a subdirectory of itself, '\(to)'\n" : "cp: cannot copy a directory, '\(src)', into itself, '\(to)'\n")
                status = 1
                continue
            }
            if move {
                if let e = c.fs.rename(from, to: to, mtime: c.now) { c.error("mv: cannot move '\(src)': \(e.text)\n"); status = 1 }
                continue
            }
            if node.kind == .directory {
                guard flags.contains("r") || flags.contains("R") || flags.contains("a") else {
                    c.error("cp: -r not specified; omitting directory '\(src)'\n")
                    status = 1
                    continue
                }
                _ = c.fs.mkdir(to, parents: true, mtime: c.now)
                guard depth < 24 else { continue }
                for name in c.fs.list(from) ?? [] {
                    let child = FSPath.join(from, name)
                    // Links inside a tree are copied as links, never followed (no /usr/bin/X11 -> . loops).
                    if let link = c.fs.lstat(child), link.kind == .link, let target = link.target {
                        _ = c.fs.symlink(target: target, at: FSPath.join(to, name), mtime: c.now)
                        continue
                    }
                    let sub = Invocation(session: c.session, argv: ["cp", "-r", child, to], stdin: [], out: c.out, err: c.err)
                    _ = await copyOrMove(sub, move: false, depth: depth + 1)
                }
                continue
            }
            let bytes = (try? c.fs.read(from).get()) ?? []
            if let e = c.fs.write(to, bytes, mtime: c.now) {
                c.error("cp: cannot create regular file '\(operands[operands.count - 1])': \(e.text)\n")
                status = 1
            } else {
                _ = c.fs.setNode(to) { $0.mode = node.mode; $0.size = max(bytes.count, c.fs.hasData(from) ? bytes.count : node.size) }
            }
        }
        return status
    }
}
