extension Commands {
    /// pidof NAME…: pids of the persona's processes with that program name; status 1 when none.
    static let pidof = CommandSpec(["pidof"], in: "/usr/bin", fakeSize: 22_904) { c in
        let names = c.splitFlags().1
        var pids: [Int] = []
        for p in c.persona.processes {
            let program = p.command.split(separator: " ").first.map { String($0.split(separator: "/").last ?? "") } ?? ""
            if names.contains(program) { pids.append(p.pid) }
        }
        if names.contains("bash") || names.contains("-bash") { pids.append(c.session.shellPID) }
        guard !pids.isEmpty else { return 1 }
        c.print(pids.sorted(by: >).map(String.init).joined(separator: " ") + "\n")
        return 0
    }
}
