extension Commands {
    static let eval = CommandSpec(["eval"], in: "") { c in
        await c.session.runString(c.args.joined(separator: " "), name: "-bash", arguments: [], stdin: c.stdin, out: c.out, err: c.err, sameShell: true)
    }

    /// exec CMD replaces the shell: run it, then end the session as the replaced shell would.
    static let exec = CommandSpec(["exec"], in: "") { c in
        guard !c.args.isEmpty else { return 0 }
        let status = await c.session.dispatch(c.args, stdin: c.stdin, out: c.out, err: c.err)
        c.session.exitStatus = status
        return status
    }
}
