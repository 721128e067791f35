extension Commands {
    /// free [-b|-k|-m|-g|-h], procps-ng 4 layout (Debian 12).
    static let free = CommandSpec(["free"], in: "/usr/bin", fakeSize: 14_560) { c in
        let m = ProcFiles.memory(c.persona)
        let (flags, _) = c.splitFlags()
        let human = flags.contains("h")
        func show(_ kb: Int) -> String {
            if human {
                let v = Double(kb)
                if v >= 1_048_576 { return formatOne(v / 1_048_576) + "Gi" }
                if v >= 1024 { return formatOne(v / 1024).replacingDot() + "Mi" }
                return "\(kb)Ki"
            }
            if flags.contains("m") { return String(kb / 1024) }
            if flags.contains("g") { return String(kb / 1_048_576) }
            if flags.contains("b") { return String(kb * 1024) }
            return String(kb)
        }
        let cache = m.buffers + m.cached
        c.print("        " + "       total        used        free      shared  buff/cache   available\n")
        // procps-ng: the label left-justified in 8 columns, every figure right-justified in 12.
        c.print("Mem:".rightPadded(8) + [m.total, m.used, m.free, m.shared, cache, m.available].map { show($0).leftPadded(12) }.joined() + "\n")
        c.print("Swap:".rightPadded(8) + [0, 0, 0].map { (human ? "0B" : show($0)).leftPadded(12) }.joined() + "\n")
        return 0
    }

    static func formatOne(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return tenths >= 100 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)"
    }
}

private extension String {
    func replacingDot() -> String { self.hasSuffix(".0") ? String(dropLast(2)) : self }
}
