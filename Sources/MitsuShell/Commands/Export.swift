extension Commands {
    /// export, and `declare -x`-style listing when called without arguments.
    static let export = CommandSpec(["export", "declare", "typeset", "local", "readonly"], in: "") { c in
        let s = c.session
        let operands = c.args.filter { !$0.hasPrefix("-") }
        if operands.isEmpty {
            for (k, v) in s.env.sorted(by: { $0.key < $1.key }) where s.exported.contains(k) {
                c.print("declare -x \(k)=\"\(v)\"\n")
            }
            return 0
        }
        for a in operands {
            if let eq = a.firstIndex(of: "=") {
                let k = String(a[a.startIndex..<eq])
                s.env[k] = String(a[a.index(after: eq)...])
                if c.name == "export" { s.exported.insert(k) }
            } else if c.name == "export" {
                s.exported.insert(a)
            } else if s.env[a] == nil {
                s.env[a] = ""
            }
        }
        return 0
    }
}
