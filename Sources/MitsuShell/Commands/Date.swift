extension Commands {
    /// date [+FORMAT]; `date -s` is refused for a non-root user, ignored for root.
    static let date = CommandSpec(["date"], in: "/usr/bin", fakeSize: 105_192) { c in
        if let f = c.args.first(where: { $0.hasPrefix("+") }) {
            c.print(Clock.format(c.now, String(f.dropFirst())) + "\n")
        } else {
            c.print(Clock.format(c.now, "%a %b %e %H:%M:%S UTC %Y") + "\n")
        }
        return 0
    }
}
