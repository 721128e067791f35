extension Commands {
    /// sudo CMD: root runs CMD directly (sudo isn't installed on minbase, but cloud images have it).
    static let sudo = CommandSpec(["sudo"], in: "/usr/bin", fakeSize: 281_624) { c in
        var args = c.args
        while let a = args.first, a.hasPrefix("-") {
            args.removeFirst()
            if a == "-u" || a == "-g" { if !args.isEmpty { args.removeFirst() } }
        }
        guard !args.isEmpty else {
            c.error("usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\n")
            return 1
        }
        if c.session.uid != 0 {
            c.error("[sudo] password for \(c.session.user): \nSorry, try again.\n")
            await c.pause(2000)
            c.error("sudo: 3 incorrect password attempts\n")
            return 1
        }
        return await c.session.dispatch(args, stdin: c.stdin, out: c.out, err: c.err)
    }

    /// su [-] [USER] [-c CMD]: root switches without a password; the shell stays this one.
    static let su = CommandSpec(["su"], in: "/usr/bin", fakeSize: 72_000) { c in
        if let k = c.args.firstIndex(of: "-c"), k + 1 < c.args.count {
            return await c.session.runString(c.args[k + 1], name: "bash", arguments: [], stdin: c.stdin, out: c.out, err: c.err, sameShell: false)
        }
        if c.session.uid != 0 {
            await c.pause(2500)
            c.error("Password: \nsu: Authentication failure\n")
            return 1
        }
        return 0
    }
}
