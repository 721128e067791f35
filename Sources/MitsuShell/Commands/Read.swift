extension Commands {
    /// read [-r] [-p prompt] NAME…: one line of stdin split over the names.
    static let read = CommandSpec(["read"], in: "") { c in
        var names: [String] = []
        var args = c.args[...]
        while let a = args.first {
            args = args.dropFirst()
            if a == "-p" || a == "-t" || a == "-n" || a == "-d" || a == "-u" { args = args.dropFirst(); continue }
            if a.hasPrefix("-") { continue }
            names.append(a)
        }
        if names.isEmpty { names = ["REPLY"] }
        // stdin is a value here, so `while read l; do …; done < f` would see the same first line forever;
        // the session remembers how far each input (by size and hash) has been read during this line.
        let key = "\(c.stdin.count):\(c.stdin.hashValue)"
        let start = c.session.readCursors[key] ?? 0
        guard start < c.stdin.count else { return 1 }
        let rest = c.stdin[start...]
        let end = rest.firstIndex(of: 0x0A) ?? c.stdin.count
        c.session.readCursors[key] = min(c.stdin.count, end + 1)
        let line = String(decoding: c.stdin[start..<end], as: UTF8.self)
        var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        for (k, n) in names.enumerated() {
            if k == names.count - 1 {
                c.session.env[n] = fields.joined(separator: " ")
            } else {
                c.session.env[n] = fields.isEmpty ? "" : fields.removeFirst()
            }
        }
        return 0
    }
}
