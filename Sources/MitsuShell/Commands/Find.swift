extension Commands {
    /// find [PATH…] [-name PAT] [-type f|d] [-maxdepth N]: walks the session filesystem (capped).
    static let find = CommandSpec(["find"], in: "/usr/bin", fakeSize: 224_848) { c in
        var roots: [String] = []
        var name: String?
        var type: Character?
        var maxDepth = 64
        var args = c.args[...]
        while let a = args.first {
            args = args.dropFirst()
            switch a {
            case "-name", "-iname": name = args.first; args = args.dropFirst()
            case "-type": type = args.first?.first; args = args.dropFirst()
            case "-maxdepth": maxDepth = Int(args.first ?? "") ?? 64; args = args.dropFirst()
            case "-exec", "-delete", "-print", "-perm", "-user", "-size", "-mtime", "-o": if a == "-exec" { args = [] } else if a != "-print" && a != "-delete" && a != "-o" { args = args.dropFirst() }
            default: if !a.hasPrefix("-") { roots.append(a) }
            }
        }
        if roots.isEmpty { roots = ["."] }
        var printed = 0
        func walk(_ shown: String, _ path: String, _ depth: Int) {
            guard printed < 20_000, let node = c.fs.lstat(path) else { return }
            let typeOK = type == nil || (type == "f" && node.kind == .file) || (type == "d" && node.kind == .directory) || (type == "l" && node.kind == .link)
            if typeOK, name.map({ Glob.match($0, FSPath.basename(path)) }) ?? true {
                c.print(shown + "\n")
                printed += 1
            }
            guard node.kind == .directory, depth < maxDepth, !path.hasPrefix("/proc") else { return }
            for child in c.fs.list(path) ?? [] { walk(shown == "/" ? "/" + child : shown + "/" + child, FSPath.join(path, child), depth + 1) }
        }
        var status = 0
        for r in roots {
            let path = c.path(r)
            if c.fs.stat(path) == nil { c.error("find: ‘\(r)’: No such file or directory\n"); status = 1; continue }
            walk(r, c.fs.resolve(path) ?? path, 0)
        }
        return status
    }

    /// xargs [CMD…]: stdin words appended to CMD (default echo), run once.
    static let xargs = CommandSpec(["xargs"], in: "/usr/bin", fakeSize: 64_632) { c in
        var cmd = c.args.filter { !$0.hasPrefix("-") }
        if cmd.isEmpty { cmd = ["echo"] }
        let words = String(decoding: c.stdin, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        return await c.session.dispatch(cmd + words, stdin: [], out: c.out, err: c.err)
    }
}
