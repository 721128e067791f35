extension Commands {
    /// uname [-asnrvmpio]; `-a` in coreutils order, `-p`/`-i` print `unknown` on Debian.
    static let uname = CommandSpec(["uname"], in: "/usr/bin", fakeSize: 39_536) { c in
        let p = c.persona
        var (flags, operands) = c.splitFlags()
        for a in c.args where a.hasPrefix("--") {
            switch a {
            case "--all": flags.insert("a")
            case "--kernel-name": flags.insert("s")
            case "--nodename": flags.insert("n")
            case "--kernel-release": flags.insert("r")
            case "--machine": flags.insert("m")
            default: break
            }
        }
        if let bad = flags.first(where: { !"asnrvmpio".contains($0) }) {
            c.error("uname: invalid option -- '\(bad)'\nTry 'uname --help' for more information.\n")
            return 1
        }
        if let extra = operands.first {
            c.error("uname: extra operand '\(extra)'\nTry 'uname --help' for more information.\n")
            return 1
        }
        if flags.contains("a") {
            c.print("Linux \(p.hostname) \(p.kernelRelease) \(p.kernelVersion) \(p.machine) GNU/Linux\n")
            return 0
        }
        if flags.isEmpty { flags = ["s"] }
        var parts: [String] = []
        if flags.contains("s") { parts.append("Linux") }
        if flags.contains("n") { parts.append(p.hostname) }
        if flags.contains("r") { parts.append(p.kernelRelease) }
        if flags.contains("v") { parts.append(p.kernelVersion) }
        if flags.contains("m") { parts.append(p.machine) }
        if flags.contains("p") { parts.append("unknown") }
        if flags.contains("i") { parts.append("unknown") }
        if flags.contains("o") { parts.append("GNU/Linux") }
        c.print(parts.joined(separator: " ") + "\n")
        return 0
    }

    static let arch = CommandSpec(["arch"], in: "/usr/bin", fakeSize: 39_536) { c in
        c.print(c.persona.machine + "\n")
        return 0
    }
}
