extension Commands {
    /// ps, `ps aux`, `ps -ef`: the persona's processes plus this session's bash and ps.
    static let ps = CommandSpec(["ps"], in: "/usr/bin", fakeSize: 137_688) { c in
        let s = c.session
        let joined = c.args.joined(separator: " ")
        let bsd = c.args.contains { !$0.hasPrefix("-") && ($0.contains("a") || $0.contains("x")) }
        let full = joined.contains("-e") || joined.contains("-A") || bsd
        var procs = c.persona.processes
        procs.append(Persona.Process(pid: s.shellPID - 2, user: "root", command: "sshd: \(s.user)@pts/0", vszKB: 17_540, rssKB: 10_888, tty: "?", stat: "Ss"))
        procs.append(Persona.Process(pid: s.shellPID, user: s.user, command: "-bash", vszKB: 7_236, rssKB: 3_968, tty: "pts/0", stat: "Ss"))
        procs.append(Persona.Process(pid: s.shellPID + 9, user: s.user, command: "ps " + joined, vszKB: 11_084, rssKB: 4_352, tty: "pts/0", stat: "R+"))
        let start = Clock.format(Int(c.persona.bootTime), "%b%d")
        if bsd {
            c.print("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n")
            for p in procs {
                let mem = Double(p.rssKB) * 100 / Double(max(1, c.persona.memoryKB))
                let line = p.user.rightPadded(8) + String(p.pid).leftPadded(8) + "  0.0" + formatOne(mem).leftPadded(5)
                    + String(p.vszKB).leftPadded(7) + String(p.rssKB).leftPadded(6) + " " + p.tty.rightPadded(8) + " " + p.stat.rightPadded(4)
                    + " " + (p.pid >= s.shellPID - 2 ? Clock.format(c.now, "%H:%M") : start) + "   0:00 " + p.command
                c.print(String(line.prefix(max(80, s.columns) + 200)) + "\n")
            }
        } else if full {
            let f = joined.contains("f")
            if f { c.print("UID          PID    PPID  C STIME TTY          TIME CMD\n") } else { c.print("    PID TTY          TIME CMD\n") }
            for p in procs {
                let name = p.command.hasPrefix("[") ? p.command : String(p.command.split(separator: " ").first?.split(separator: "/").last ?? "")
                if f {
                    c.print(p.user.rightPadded(8) + String(p.pid).leftPadded(8) + String(p.pid <= 2 ? 0 : 1).leftPadded(8) + "  0 " + start.rightPadded(5) + " " + p.tty.rightPadded(8) + "     00:00:00 " + p.command + "\n")
                } else {
                    c.print(String(p.pid).leftPadded(7) + " " + p.tty.rightPadded(8) + " 00:00:00 " + name + "\n")
                }
            }
        } else {
            c.print("    PID TTY          TIME CMD\n")
            c.print(String(s.shellPID).leftPadded(7) + " pts/0    00:00:00 bash\n")
            c.print(String(s.shellPID + 9).leftPadded(7) + " pts/0    00:00:00 ps\n")
        }
        return 0
    }
}
