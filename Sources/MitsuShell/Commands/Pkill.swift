extension Commands {
    /// pkill/pgrep PATTERN: match the persona's process names (bots kill rival miners by name).
    static let pkill = CommandSpec(["pkill", "pgrep"], in: "/usr/bin", fakeSize: 30_952) { c in
        let patterns = c.args.filter { !$0.hasPrefix("-") }
        guard let pattern = patterns.first else {
            c.error("\(c.name): no matching criteria specified\nTry `\(c.name) --help' for more information.\n")
            return 2
        }
        let full = c.args.contains("-f")
        let hits = c.persona.processes.filter { p in
            let name = p.command.split(separator: " ").first.map { String($0.split(separator: "/").last ?? "") } ?? ""
            return (full ? p.command : name).contains(pattern)
        }
        if c.name == "pgrep" { for h in hits { c.print("\(h.pid)\n") } }
        return hits.isEmpty ? 1 : 0
    }

    static let killall = CommandSpec(["killall"], in: "/usr/bin", fakeSize: 31_240) { c in
        let names = c.args.filter { !$0.hasPrefix("-") }
        guard !names.isEmpty else {
            c.error("Usage: killall [OPTION]... [--] NAME...\n")
            return 1
        }
        var status = 0
        for n in names where !c.persona.processes.contains(where: { $0.command.hasSuffix("/" + n) || $0.command == n }) {
            c.error("\(n): no process found\n")
            status = 1
        }
        return status
    }
}
