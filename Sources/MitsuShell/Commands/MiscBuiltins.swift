extension Commands {
    /// Builtins a dropper calls for their side effects on a real shell, which have none worth emulating
    /// here: trap, ulimit, umask, wait, hash, jobs, disown, shopt, alias, unalias, enable, builtin.
    static let quietBuiltins = CommandSpec(["trap", "wait", "hash", "jobs", "disown", "shopt", "unalias", "enable", "suspend", "times"], in: "") { _ in 0 }

    static let ulimit = CommandSpec(["ulimit"], in: "") { c in
        if c.args.isEmpty || c.args == ["-n"] { c.print(c.args.isEmpty ? "unlimited\n" : "1024\n") }
        return 0
    }

    static let umask = CommandSpec(["umask"], in: "") { c in
        if c.args.isEmpty { c.print("0022\n") }
        return 0
    }

    static let alias = CommandSpec(["alias"], in: "") { c in
        if c.args.isEmpty { c.print("alias ls='ls --color=auto'\n") }
        return 0
    }
}
