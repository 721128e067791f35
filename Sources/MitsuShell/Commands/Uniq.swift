extension Commands {
    /// uniq [-c -d -u] [FILE]
    static let uniq = CommandSpec(["uniq"], in: "/usr/bin", fakeSize: 47_512) { c in
        let (flags, files) = c.splitFlags()
        guard let b = c.readInput(files.first) else { return 1 }
        var lines = String(decoding: b, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if b.last == 0x0A { lines.removeLast() }
        var groups: [(String, Int)] = []
        for l in lines {
            if let last = groups.last, last.0 == l { groups[groups.count - 1].1 += 1 } else { groups.append((l, 1)) }
        }
        for (l, n) in groups {
            if flags.contains("d"), n < 2 { continue }
            if flags.contains("u"), n > 1 { continue }
            c.print(flags.contains("c") ? String(n).leftPadded(7) + " " + l + "\n" : l + "\n")
        }
        return 0
    }
}
