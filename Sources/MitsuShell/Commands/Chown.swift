extension Commands {
    /// chown/chgrp OWNER[:GROUP] FILE…: names resolved through the session's /etc/passwd and /etc/group.
    static let chown = CommandSpec(["chown", "chgrp"], in: "/usr/bin", fakeSize: 72_824) { c in
        let args = c.args.filter { !$0.hasPrefix("-") }
        guard args.count >= 2 else { return c.fail("missing operand\nTry '\(c.name) --help' for more information.") }
        let users = Dictionary(c.session.accountNames(file: "/etc/passwd").map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let groups = Dictionary(c.session.accountNames(file: "/etc/group").map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let spec = args[0].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var uid: Int?
        var gid: Int?
        if c.name == "chgrp" {
            gid = groups[spec[0]] ?? Int(spec[0])
            if gid == nil { return c.fail("invalid group: '\(args[0])'") }
        } else {
            if !spec[0].isEmpty {
                uid = users[spec[0]] ?? Int(spec[0])
                if uid == nil { return c.fail("invalid user: '\(args[0])'") }
            }
            if spec.count > 1, !spec[1].isEmpty {
                gid = groups[spec[1]] ?? Int(spec[1])
                if gid == nil { return c.fail("invalid group: '\(args[0])'") }
            }
        }
        var status = 0
        for f in args.dropFirst() {
            if c.fs.setNode(c.path(f), { n in
                if let uid { n.uid = uid }
                if let gid { n.gid = gid }
            }) != nil {
                c.error("\(c.name): cannot access '\(f)': No such file or directory\n")
                status = 1
            }
        }
        return status
    }
}
