extension Commands {
    /// nohup/setsid/timeout/nice/time/stdbuf CMD…: run CMD (the wrapper's effect is invisible here).
    static let wrappers = CommandSpec(["nohup", "setsid", "timeout", "nice", "ionice", "stdbuf", "taskset", "chrt"], in: "/usr/bin", fakeSize: 43_576) { c in
        var args = c.args
        while let a = args.first, a.hasPrefix("-") { args.removeFirst() }
        if c.name == "timeout" || c.name == "taskset", !args.isEmpty { args.removeFirst() }
        guard !args.isEmpty else { return c.fail("missing operand\nTry '\(c.name) --help' for more information.", status: 125) }
        if c.name == "nohup", c.session.terminal { c.error("nohup: ignoring input and appending output to 'nohup.out'\n") }
        return await c.session.dispatch(args, stdin: c.stdin, out: c.out, err: c.err)
    }
}
