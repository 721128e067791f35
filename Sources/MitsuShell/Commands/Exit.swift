extension Commands {
    /// exit/logout: ends the session (or the subshell/script running it) after the current command.
    static let exit = CommandSpec(["exit", "logout"], in: "") { c in
        let code = c.args.first.flatMap { Int($0) }.map { (($0 % 256) + 256) % 256 } ?? c.session.status
        c.session.exitStatus = code
        return code
    }
}
