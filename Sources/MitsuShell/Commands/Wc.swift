extension Commands {
    /// wc [-l -w -c -m] [FILE…], with coreutils' column widths.
    static let wc = CommandSpec(["wc"], in: "/usr/bin", fakeSize: 48_664) { c in
        var (flags, files) = c.splitFlags()
        if flags.isEmpty { flags = ["l", "w", "c"] }
        if flags.contains("m") { flags.insert("c") }
        var rows: [([Int], String?)] = []
        var status = 0
        for f in files.isEmpty ? ["-"] : files {
            guard let b = c.readInput(f) else { status = 1; continue }
            let lines = b.filter { $0 == 0x0A }.count
            let words = b.split(whereSeparator: { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }).count
            var values: [Int] = []
            if flags.contains("l") { values.append(lines) }
            if flags.contains("w") { values.append(words) }
            if flags.contains("c") { values.append(b.count) }
            rows.append((values, files.isEmpty ? nil : f))
        }
        if rows.count > 1 {
            let sums = (0..<(rows.first?.0.count ?? 0)).map { k in rows.reduce(0) { $0 + $1.0[k] } }
            rows.append((sums, "total"))
        }
        // One value from stdin prints bare; otherwise every column gets the widest value's width.
        let single = files.isEmpty && flags.count == 1
        let width = single ? 0 : max(files.isEmpty ? 7 : 1, rows.flatMap(\.0).map { String($0).count }.max() ?? 1)
        for (values, name) in rows {
            var line = values.map { String($0).leftPadded(width) }.joined(separator: " ")
            if let name { line += " " + name }
            c.print(line + "\n")
        }
        return status
    }
}
