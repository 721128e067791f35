extension Commands {
    /// sleep N[smhd]: really waits (capped at 5 s, so a `sleep 999` stall cannot pin a session forever).
    static let sleep = CommandSpec(["sleep"], in: "/usr/bin", fakeSize: 39_600) { c in
        guard let arg = c.args.first else {
            c.error("sleep: missing operand\nTry 'sleep --help' for more information.\n")
            return 1
        }
        var total = 0.0
        for a in c.args {
            var text = a
            var scale = 1.0
            switch text.last {
            case "s": text.removeLast()
            case "m": text.removeLast(); scale = 60
            case "h": text.removeLast(); scale = 3600
            case "d": text.removeLast(); scale = 86_400
            default: break
            }
            guard let v = Double(text), v >= 0, v.isFinite else {
                c.error("sleep: invalid time interval '\(a)'\nTry 'sleep --help' for more information.\n")
                return 1
            }
            total += v * scale
        }
        _ = arg
        await c.pause(Int(min(total, 5) * 1000))
        return 0
    }
}
