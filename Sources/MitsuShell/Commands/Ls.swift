extension Commands {
    /// ls [-l -a -A -h -d -1 -R(no)] — coreutils' long format with owner names from the image's passwd.
    static let ls = CommandSpec(["ls", "dir"], in: "/usr/bin", fakeSize: 151_344) { c in
        var (flags, operands) = c.splitFlags()
        if c.args.contains("--all") { flags.insert("a") }
        if flags.contains("l") || flags.contains("n") || flags.contains("o") || flags.contains("g") { flags.insert("l") }
        let targets = operands.isEmpty ? ["."] : operands
        var status = 0
        var files: [(String, String)] = []
        var dirs: [(String, String)] = []
        for t in targets {
            let path = c.path(t)
            guard let node = c.fs.lstat(c.fs.resolve(path, followLast: false) ?? path) ?? c.fs.stat(path) else {
                c.error("ls: cannot access '\(t)': No such file or directory\n")
                status = 2
                continue
            }
            let isDir = c.fs.stat(path)?.kind == .directory && !(node.kind == .link && flags.contains("l") && !t.hasSuffix("/"))
            if isDir, !flags.contains("d") { dirs.append((t, path)) } else { files.append((t, path)) }
        }
        files.sort { $0.0 < $1.0 }
        dirs.sort { $0.0 < $1.0 }
        var blocks: [String] = []
        if !files.isEmpty { blocks.append(render(c, entries: files.map { ($0.0, $0.1) }, flags: flags)) }
        for (shown, path) in dirs {
            var names = c.fs.list(path) ?? []
            if !flags.contains("a"), !flags.contains("A") { names = names.filter { !$0.hasPrefix(".") } }
            var entries = names.map { ($0, FSPath.join(c.fs.resolve(path) ?? path, $0)) }
            if flags.contains("a") { entries = [(".", path), ("..", FSPath.split(path).parent)] + entries }
            if flags.contains("t") { entries.sort { (c.fs.lstat($0.1)?.mtime ?? 0) > (c.fs.lstat($1.1)?.mtime ?? 0) } }
            if flags.contains("r") { entries.reverse() }
            var text = targets.count > 1 ? "\(shown):\n" : ""
            if flags.contains("l") {
                let total = entries.reduce(0) { $0 + (((c.fs.lstat($1.1)?.size ?? 0) + 4095) / 4096) * 4 }
                text += "total \(total)\n"
            }
            text += render(c, entries: entries, flags: flags)
            blocks.append(text)
        }
        c.print(blocks.joined(separator: "\n"))
        return status
    }

    private static func render(_ c: Invocation, entries: [(String, String)], flags: Set<Character>) -> String {
        guard flags.contains("l") else {
            if entries.isEmpty { return "" }
            if flags.contains("1") || !c.session.terminal || c.out.isPiped { return entries.map { $0.0 + "\n" }.joined() }
            return columns(entries.map(\.0), width: c.session.columns)
        }
        let users = c.session.accountNames(file: "/etc/passwd")
        let groups = c.session.accountNames(file: "/etc/group")
        let rows: [[String]] = entries.map { name, path in
            let node = c.fs.lstat(c.fs.resolve(path, followLast: false) ?? path) ?? FSNode(kind: .file, mode: 0o644, mtime: 0)
            let size: String
            if node.kind == .char || node.kind == .block { size = "1, 3" } else { size = flags.contains("h") ? humanBytes(node.size) : String(node.size) }
            var shownName = name
            if node.kind == .link, let t = node.target { shownName += " -> " + t }
            return [modeString(node), String(node.kind == .directory ? 2 : 1), users[node.uid] ?? String(node.uid),
                    groups[node.gid] ?? String(node.gid), size, lsDate(node.mtime, now: c.now), shownName]
        }
        let w = (0..<6).map { k in rows.map { $0[k].count }.max() ?? 0 }
        return rows.map { r in
            [r[0], r[1].leftPadded(w[1]), r[2].rightPadded(w[2]), r[3].rightPadded(w[3]), r[4].leftPadded(w[4]), r[5], r[6]].joined(separator: " ") + "\n"
        }.joined()
    }

    static func modeString(_ n: FSNode) -> String {
        let type: Character = switch n.kind {
        case .directory: "d"
        case .link: "l"
        case .char: "c"
        case .block: "b"
        case .fifo: "p"
        case .socket: "s"
        case .file: "-"
        }
        var s = String(type)
        let bits: [(Int, Character)] = [(0o400, "r"), (0o200, "w"), (0o100, "x"), (0o40, "r"), (0o20, "w"), (0o10, "x"), (0o4, "r"), (0o2, "w"), (0o1, "x")]
        for (bit, ch) in bits { s.append(n.mode & bit != 0 ? ch : "-") }
        var chars = Array(s)
        if n.mode & 0o4000 != 0 { chars[3] = chars[3] == "x" ? "s" : "S" }
        if n.mode & 0o2000 != 0 { chars[6] = chars[6] == "x" ? "s" : "S" }
        if n.mode & 0o1000 != 0 { chars[9] = chars[9] == "x" ? "t" : "T" }
        return String(chars)
    }

    /// `Nov 27 04:12` within six months, `Jan  5  2024` otherwise (coreutils' rule).
    static func lsDate(_ mtime: Int, now: Int) -> String {
        abs(now - mtime) < 15_552_000 ? Clock.format(mtime, "%b %e %H:%M") : Clock.format(mtime, "%b %e  %Y")
    }

    static func humanBytes(_ b: Int) -> String { b < 1024 ? String(b) : humanSize((b + 1023) / 1024) }

    static func columns(_ names: [String], width: Int) -> String {
        let colWidth = (names.map(\.count).max() ?? 0) + 2
        let perLine = max(1, width / max(1, colWidth))
        let rows = (names.count + perLine - 1) / perLine
        var out = ""
        for r in 0..<rows {
            var line = ""
            for k in 0..<perLine {
                let i = k * rows + r
                guard i < names.count else { continue }
                let last = (k + 1) * rows + r >= names.count
                line += last ? names[i] : names[i].rightPadded(colWidth)
            }
            out += line + "\n"
        }
        return out
    }
}

extension Session {
    /// uid → name from the session's own /etc/passwd (or gid → name from /etc/group).
    func accountNames(file: String) -> [Int: String] {
        guard case .success(let bytes) = fs.read(file) else { return [0: "root"] }
        var map: [Int: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let f = line.split(separator: ":", omittingEmptySubsequences: false)
            if f.count >= 3, let id = Int(f[2]), map[id] == nil { map[id] = String(f[0]) }
        }
        return map
    }
}

extension Sink {
    var isPiped: Bool { if case .client = target { return false }; return true }
}
