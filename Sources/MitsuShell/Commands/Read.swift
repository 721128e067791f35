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
        guard !c.stdin.isEmpty else { return 1 }
        let text = String(decoding: c.stdin, as: UTF8.self)
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
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
