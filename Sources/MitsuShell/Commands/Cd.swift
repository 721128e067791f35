extension Commands {
    static let cd = CommandSpec(["cd"], in: "") { c in
        let s = c.session
        var target = c.args.first ?? s.home
        if target == "-" { target = s.env["OLDPWD"] ?? s.cwd }
        if target.hasPrefix("~") { target = s.home + target.dropFirst() }
        let path = c.path(target)
        guard let node = c.fs.stat(path) else { c.error("\(c.session.errorPrefix): cd: \(target): No such file or directory\n"); return 1 }
        guard node.kind == .directory else { c.error("\(c.session.errorPrefix): cd: \(target): Not a directory\n"); return 1 }
        s.env["OLDPWD"] = s.cwd
        s.cwd = path
        s.env["PWD"] = path
        return 0
    }
}
