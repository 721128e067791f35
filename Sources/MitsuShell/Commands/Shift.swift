extension Commands {
    static let shift = CommandSpec(["shift"], in: "") { c in
        let n = c.args.first.flatMap { Int($0) } ?? 1
        guard n >= 0, n <= c.session.positional.count else { return 1 }
        c.session.positional.removeFirst(n)
        return 0
    }
}
