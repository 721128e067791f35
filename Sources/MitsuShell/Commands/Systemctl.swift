extension Commands {
    /// systemctl: start/stop/enable answer like systemd for known units, `Unit X not found.` otherwise.
    static let systemctl = CommandSpec(["systemctl"], in: "/usr/bin", fakeSize: 1_309_560) { c in
        let known = ["ssh", "sshd", "cron", "rsyslog", "systemd-journald", "dbus", "networking", "systemd-logind", "getty@tty1"]
        let args = c.args.filter { !$0.hasPrefix("-") }
        guard let verb = args.first else {
            c.print("  UNIT                         LOAD   ACTIVE SUB     DESCRIPTION\n")
            for u in known { c.print("  \(u).service".rightPadded(31) + "loaded active running \(u)\n") }
            return 0
        }
        let units = args.dropFirst().map { $0.hasSuffix(".service") ? String($0.dropLast(8)) : $0 }
        switch verb {
        case "daemon-reload", "list-units", "list-unit-files": return 0
        case "status", "is-active":
            var status = 0
            for u in units {
                if known.contains(u) {
                    c.print(verb == "status" ? "● \(u).service\n     Loaded: loaded (/lib/systemd/system/\(u).service; enabled; preset: enabled)\n     Active: active (running) since \(Clock.format(Int(c.persona.bootTime), "%a %Y-%m-%d %H:%M:%S UTC"))\n" : "active\n")
                } else {
                    if verb == "status" { c.error("Unit \(u).service could not be found.\n") } else { c.print("inactive\n") }
                    status = verb == "status" ? 4 : 3
                }
            }
            return status
        default:
            for u in units where !known.contains(u) {
                c.error("Failed to \(verb) \(u).service: Unit \(u).service not found.\n")
                return 5
            }
            return 0
        }
    }

    static let service = CommandSpec(["service"], in: "/usr/sbin", fakeSize: 9_328) { c in
        guard c.args.count >= 2 else {
            c.error("Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n")
            return 1
        }
        let known = ["ssh", "cron", "rsyslog", "dbus", "procps"]
        if !known.contains(c.args[0]) {
            c.error("\(c.args[0]): unrecognized service\n")
            return 1
        }
        return 0
    }
}
