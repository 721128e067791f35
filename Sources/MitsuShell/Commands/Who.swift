import Foundation

extension Commands {
    /// w / who: the attacker's own session is the only login (from its real source address).
    static let w = CommandSpec(["w"], in: "/usr/bin", fakeSize: 22_896) { c in
        let s = c.session
        let login = Clock.format(Int(Date().timeIntervalSince1970) - 5, "%H:%M")
        c.print(uptimeLine(c.persona) + "\n")
        c.print("USER     TTY      FROM             LOGIN@   IDLE   JCPU   PCPU WHAT\n")
        c.print(s.user.rightPadded(8) + " pts/0    " + s.request.endpoints.srcIP.rightPadded(16) + " " + login + "    0.00s  0.01s  0.00s w\n")
        return 0
    }

    static let who = CommandSpec(["who", "users"], in: "/usr/bin", fakeSize: 51_664) { c in
        let s = c.session
        if c.name == "users" { c.print(s.user + "\n"); return 0 }
        c.print(s.user.rightPadded(8) + " pts/0        " + Clock.format(Int(Date().timeIntervalSince1970) - 5, "%Y-%m-%d %H:%M") + " (\(s.request.endpoints.srcIP))\n")
        return 0
    }

    static let last = CommandSpec(["last", "lastlog"], in: "/usr/bin", fakeSize: 51_664) { c in
        let s = c.session
        c.print(s.user.rightPadded(8) + " pts/0        " + s.request.endpoints.srcIP.rightPadded(16) + " " + Clock.format(Int(Date().timeIntervalSince1970), "%a %b %e %H:%M") + "   still logged in\n\nwtmp begins " + Clock.format(Int(c.persona.bootTime), "%a %b %e %H:%M:%S %Y") + "\n")
        return 0
    }
}
