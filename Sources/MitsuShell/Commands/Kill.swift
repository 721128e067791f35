extension Commands {
    /// kill [-SIG] PID…: the persona's processes cannot be killed by this user's session (permission),
    /// unknown pids do not exist.
    static let kill = CommandSpec(["kill"], in: "") { c in
        let pids = c.args.filter { !$0.hasPrefix("-") }
        if c.args.first == "-l" {
            c.print(" 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP\n 6) SIGABRT\t 7) SIGBUS\t 8) SIGFPE\t 9) SIGKILL\t10) SIGUSR1\n11) SIGSEGV\t12) SIGUSR2\t13) SIGPIPE\t14) SIGALRM\t15) SIGTERM\n")
            return 0
        }
        guard !pids.isEmpty else {
            c.error("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n")
            return 2
        }
        var status = 0
        for p in pids {
            guard let pid = Int(p) else {
                c.error("\(c.session.errorPrefix): kill: \(p): arguments must be process or job IDs\n")
                status = 1
                continue
            }
            if pid == c.session.shellPID || c.persona.processes.contains(where: { $0.pid == pid }) || pid == -1 { continue }
            c.error("\(c.session.errorPrefix): kill: (\(pid)) - No such process\n")
            status = 1
        }
        return status
    }
}
