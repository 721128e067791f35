extension Commands {
    /// sort [-r -n -u] [FILE…]
    static let sort = CommandSpec(["sort"], in: "/usr/bin", fakeSize: 121_032) { c in
        let (flags, files) = c.splitFlags()
        var lines: [String] = []
        for f in files.isEmpty ? ["-"] : files {
            guard let b = c.readInput(f) else { return 2 }
            var l = String(decoding: b, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if b.last == 0x0A { l.removeLast() }
            lines += l
        }
        if flags.contains("n") {
            lines.sort { (Double($0.trimmingSpaces.prefix(while: { $0.isNumber || $0 == "." || $0 == "-" })) ?? 0) < (Double($1.trimmingSpaces.prefix(while: { $0.isNumber || $0 == "." || $0 == "-" })) ?? 0) }
        } else {
            lines.sort()
        }
        if flags.contains("r") { lines.reverse() }
        if flags.contains("u") {
            var seen = Set<String>()
            lines = lines.filter { seen.insert($0).inserted }
        }
        for l in lines { c.print(l + "\n") }
        return 0
    }
}
