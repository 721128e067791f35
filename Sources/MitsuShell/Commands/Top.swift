extension Commands {
    /// top: one batch frame (`top -bn1`; interactive top would need a full-screen loop, so it prints one
    /// frame and exits, as `top -n1` would).
    static let top = CommandSpec(["top"], in: "/usr/bin", fakeSize: 134_608) { c in
        await c.pause(180)
        let p = c.persona
        let m = ProcFiles.memory(p)
        let tasks = p.processes.count + 3
        c.print("top - " + uptimeLine(p).dropFirst().replacingUsers() + "\n")
        c.print("Tasks: \(tasks) total,   1 running, \(tasks - 1) sleeping,   0 stopped,   0 zombie\n")
        c.print("%Cpu(s):  0.3 us,  0.2 sy,  0.0 ni, 99.5 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st \n")
        func mib(_ kb: Int) -> String { formatOne(Double(kb) / 1024).leftPadded(9) }
        c.print("MiB Mem : \(mib(m.total)) total, \(mib(m.free)) free, \(mib(m.used)) used, \(mib(m.buffers + m.cached)) buff/cache     \n")
        c.print("MiB Swap:       0.0 total,       0.0 free,       0.0 used. \(mib(m.available)) avail Mem \n\n")
        c.print("    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n")
        for proc in p.processes {
            let name = proc.command.hasPrefix("[") ? String(proc.command.dropFirst().dropLast()) : String(proc.command.split(separator: " ").first?.split(separator: "/").last ?? "")
            c.print(String(proc.pid).leftPadded(7) + " " + proc.user.rightPadded(9) + " 20   0 " + String(proc.vszKB).leftPadded(7) + String(proc.rssKB).leftPadded(7) + String(proc.rssKB * 2 / 3).leftPadded(7) + " S   0.0   0.0   0:00.12 " + name + "\n")
        }
        return 0
    }
}

private extension Substring {
    func replacingUsers() -> String { String(self) }
}
