extension Commands {
    /// chattr [-R] [+-=][aiA…] FILE…: accepted for existing files (attributes are not shown back by ls).
    static let chattr = CommandSpec(["chattr"], in: "/usr/bin", fakeSize: 14_648) { c in
        let files = c.args.filter { !($0.hasPrefix("-") || $0.hasPrefix("+") || $0.hasPrefix("=")) }
        let modes = c.args.filter { ($0.hasPrefix("-") && $0 != "-R" && $0 != "-f" && $0 != "-V") || $0.hasPrefix("+") || $0.hasPrefix("=") }
        guard !modes.isEmpty, !files.isEmpty else {
            c.error("Usage: chattr [-RVf] [-+=aAcCdDeijPsStTuFx] [-p project] [-v version] files...\n")
            return 1
        }
        var status = 0
        for f in files where c.fs.stat(c.path(f)) == nil {
            c.error("chattr: No such file or directory while trying to stat \(f)\n")
            status = 1
        }
        return status
    }

    static let lsattr = CommandSpec(["lsattr"], in: "/usr/bin", fakeSize: 14_648) { c in
        let files = c.splitFlags().1
        var status = 0
        let targets: [String]
        if files.isEmpty {
            targets = (c.fs.list(c.session.cwd) ?? []).filter { !$0.hasPrefix(".") }.map { "./" + $0 }
        } else {
            targets = files
        }
        for f in targets {
            guard let n = c.fs.stat(c.path(f)) else {
                c.error("lsattr: No such file or directory while trying to stat \(f)\n")
                status = 1
                continue
            }
            if n.kind == .directory, !files.isEmpty {
                for name in c.fs.list(c.path(f)) ?? [] where !name.hasPrefix(".") { c.print("--------------e------- \(f)/\(name)\n") }
            } else {
                c.print("--------------e------- \(f)\n")
            }
        }
        return status
    }
}
