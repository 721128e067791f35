import Foundation

extension Commands {
    /// uptime: ` 04:12:33 up 17 days,  3:04,  1 user,  load average: 0.08, 0.03, 0.01`
    static let uptime = CommandSpec(["uptime"], in: "/usr/bin", fakeSize: 14_568) { c in
        if c.args.contains("-p") {
            let m = Int(c.persona.uptimeSeconds) / 60
            c.print("up \(m / 1440) days, \(m % 1440 / 60) hours, \(m % 60) minutes\n")
            return 0
        }
        if c.args.contains("-s") {
            c.print(Clock.format(Int(c.persona.bootTime), "%Y-%m-%d %H:%M:%S") + "\n")
            return 0
        }
        c.print(uptimeLine(c.persona) + "\n")
        return 0
    }

    static func uptimeText(_ seconds: Double) -> String {
        let minutes = Int(seconds) / 60
        let days = minutes / 1440
        let h = minutes % 1440 / 60
        let m = minutes % 60
        let clock = h == 0 ? "\(m) min" : "\(h):" + (m < 10 ? "0\(m)" : "\(m)")
        if days == 0 { return clock.count < 5 ? " " + clock : clock }
        return "\(days) day\(days == 1 ? "" : "s"), \(clock.leftPadded(5))"
    }

    static func uptimeLine(_ p: Persona) -> String {
        " \(Clock.format(Int(Date().timeIntervalSince1970), "%H:%M:%S")) up \(uptimeText(p.uptimeSeconds)),  1 user,  load average: 0.08, 0.03, 0.01"
    }
}

/// strftime over UTC (the persona's timezone is Etc/UTC, as a fresh cloud image's is).
enum Clock {
    static func format(_ epoch: Int, _ pattern: String) -> String {
        var t = time_t(epoch)
        var tmValue = tm()
        gmtime_r(&t, &tmValue)
        var buffer = [Int8](repeating: 0, count: 128)
        let n = strftime(&buffer, buffer.count, pattern, &tmValue)
        return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
