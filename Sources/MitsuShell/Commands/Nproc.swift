extension Commands {
    static let nproc = CommandSpec(["nproc"], in: "/usr/bin", fakeSize: 39_536) { c in
        c.print("\(c.persona.cpuCount)\n")
        return 0
    }
}
