extension Commands {
    /// env / printenv: exported variables; `env VAR=x cmd` runs cmd.
    static let env = CommandSpec(["env", "printenv"], in: "/usr/bin", fakeSize: 48_376) { c in
        let s = c.session
        var args = c.args
        while let a = args.first, a.contains("="), !a.hasPrefix("=") {
            args.removeFirst()
        }
        if c.name == "env", let first = args.first, !first.hasPrefix("-") {
            return await s.dispatch(args, stdin: c.stdin, out: c.out, err: c.err)
        }
        if c.name == "printenv", let name = args.first {
            guard let v = s.env[name], s.exported.contains(name) else { return 1 }
            c.print(v + "\n")
            return 0
        }
        for (k, v) in s.env.sorted(by: { $0.key < $1.key }) where s.exported.contains(k) { c.print("\(k)=\(v)\n") }
        return 0
    }
}
