extension Commands {
    static let clear = CommandSpec(["clear", "reset"], in: "/usr/bin", fakeSize: 14_648) { c in
        c.write(Array("\u{1B}[H\u{1B}[2J\u{1B}[3J".utf8))
        return 0
    }
}
