extension Commands {
    /// rm [-r -f]: `rm -rf /` is refused as coreutils does (--preserve-root).
    static let rm = CommandSpec(["rm"], in: "/usr/bin", fakeSize: 72_888) { c in
        let (flags, operands) = c.splitFlags()
        let recursive = flags.contains("r") || flags.contains("R") || c.args.contains("--recursive")
        let force = flags.contains("f") || c.args.contains("--force")
        if operands.isEmpty, !force { return c.fail("missing operand\nTry 'rm --help' for more information.") }
        var status = 0
        for f in operands {
            let path = c.path(f)
            if path == "/", recursive {
                c.error("rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n")
                status = 1
                continue
            }
            if f == "." || f == ".." || f.hasSuffix("/.") || f.hasSuffix("/..") {
                c.error("rm: refusing to remove '.' or '..' directory: skipping '\(f)'\n")
                status = 1
                continue
            }
            guard c.fs.lstat(c.fs.resolve(path, followLast: false) ?? path) != nil else {
                if !force { c.error("rm: cannot remove '\(f)': No such file or directory\n"); status = 1 }
                continue
            }
            switch c.fs.remove(path, recursive: recursive) {
            case nil: break
            case .isDirectory?:
                c.error("rm: cannot remove '\(f)': Is a directory\n")
                status = 1
            case let e?:
                c.error("rm: cannot remove '\(f)': \(e.text)\n")
                status = 1
            }
        }
        return status
    }
}
