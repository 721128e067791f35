extension Commands {
    static let hostname = CommandSpec(["hostname"], in: "/usr/bin", fakeSize: 22_704) { c in
        let (flags, operands) = c.splitFlags()
        if let newName = operands.first {
            guard c.session.uid == 0 else { return c.fail("you must be root to change the host name") }
            _ = newName  // Accepted silently; the persona keeps its name (nothing outlives the session anyway).
            return 0
        }
        if flags.contains("I") || flags.contains("i") {
            c.print((c.persona.interfaces.first?.ipv4 ?? "127.0.1.1") + " \n")
        } else {
            c.print(c.persona.hostname + "\n")
        }
        return 0
    }
}
