extension Commands {
    static let history = CommandSpec(["history"], in: "") { c in
        if c.args.first == "-c" { c.session.history.removeAll(); return 0 }
        for (n, line) in c.session.history.enumerated() {
            c.print(String(n + 1).leftPadded(5) + "  " + line + "\n")
        }
        return 0
    }
}
