extension Commands {
    /// crontab -l / -r / FILE / - : a per-session crontab kept in the session filesystem.
    static let crontab = CommandSpec(["crontab"], in: "/usr/bin", fakeSize: 43_568) { c in
        let spool = "/var/spool/cron/crontabs/\(c.session.user)"
        let (flags, operands) = c.splitFlags()
        if flags.contains("l") {
            guard case .success(let b) = c.fs.read(spool), c.fs.hasData(spool) else {
                c.error("no crontab for \(c.session.user)\n")
                return 1
            }
            c.write(b)
            return 0
        }
        if flags.contains("r") {
            if c.fs.remove(spool, recursive: false) != nil { c.error("no crontab for \(c.session.user)\n"); return 1 }
            return 0
        }
        let content: [UInt8]
        if let file = operands.first, file != "-" {
            guard let b = c.readInput(file) else { return 1 }
            content = b
        } else {
            content = c.stdin
        }
        _ = c.fs.mkdir("/var/spool/cron/crontabs", parents: true, mtime: c.now)
        _ = c.fs.write(spool, content, mtime: c.now)
        if !content.isEmpty { c.session.recordCreatedFile(path: spool, bytes: content) }
        return 0
    }
}
