extension Commands {
    static let unset = CommandSpec(["unset"], in: "") { c in
        for a in c.args where !a.hasPrefix("-") {
            c.session.env[a] = nil
            c.session.exported.remove(a)
            c.session.functions[a] = nil
        }
        return 0
    }
}
