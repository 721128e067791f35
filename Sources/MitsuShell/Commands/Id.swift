extension Commands {
    /// id / whoami / groups for the logged-in account.
    static let id = CommandSpec(["id"], in: "/usr/bin", fakeSize: 48_152) { c in
        let s = c.session
        let (flags, _) = c.splitFlags()
        if flags.contains("u") { c.print(flags.contains("n") ? s.user + "\n" : "\(s.uid)\n"); return 0 }
        if flags.contains("g") { c.print(flags.contains("n") ? s.user + "\n" : "\(s.uid)\n"); return 0 }
        if flags.contains("G") { c.print(flags.contains("n") ? s.user + "\n" : "\(s.uid)\n"); return 0 }
        let name = s.uid == 0 ? "root" : s.user
        let extra = s.uid < 1000 ? "" : ",24(cdrom),25(floppy),29(audio),30(dip),44(video),46(plugdev),100(users)"
        c.print("uid=\(s.uid)(\(name)) gid=\(s.uid)(\(name)) groups=\(s.uid)(\(name))\(extra)\n")
        return 0
    }

    static let whoami = CommandSpec(["whoami"], in: "/usr/bin", fakeSize: 39_536) { c in
        c.print(c.session.user + "\n")
        return 0
    }

    static let groups = CommandSpec(["groups"], in: "/usr/bin", fakeSize: 39_536) { c in
        c.print(c.session.uid == 0 ? "root\n" : c.session.uid < 1000 ? c.session.user + "\n" : "\(c.session.user) cdrom floppy audio dip video plugdev users\n")
        return 0
    }
}
