extension Commands {
    /// break/continue [N] and return [N]: unwind to the enclosing loop or function.
    static let loopControl = CommandSpec(["break", "continue", "return"], in: "") { c in
        let n = max(1, c.args.first.flatMap { Int($0) } ?? 1)
        switch c.name {
        case "break": c.session.unwinding = .breakLoop(n)
        case "continue": c.session.unwinding = .continueLoop(n)
        default:
            c.session.unwinding = .returnFunction
            return c.args.first.flatMap { Int($0) } ?? c.session.status
        }
        return 0
    }
}
