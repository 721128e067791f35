extension Commands {
    static let pwd = CommandSpec(["pwd"], in: "") { c in
        c.print(c.session.cwd + "\n")
        return 0
    }
}
