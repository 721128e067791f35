extension Commands {
    /// tar/gzip/gunzip/zcat: archives are never unpacked here; missing files fail as GNU tar and gzip
    /// say, present ones are reported as not being in the expected format (they are what a failed or
    /// fake download left behind).
    static let tar = CommandSpec(["tar"], in: "/usr/bin", fakeSize: 531_520) { c in
        var file: String?
        var args = c.args[...]
        while let a = args.first {
            args = args.dropFirst()
            if a == "-f" || (a.hasPrefix("-") && a.hasSuffix("f")) || (!a.hasPrefix("-") && a.hasSuffix("f") && file == nil && a.count <= 5 && a.allSatisfy({ "xzvcfjtJ".contains($0) })) {
                file = args.first
                args = args.dropFirst()
            } else if !a.hasPrefix("-"), file == nil, a.contains(".") {
                file = a
            }
        }
        guard let file else {
            c.error("tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\nTry 'tar --help' or 'tar --usage' for more information.\n")
            return 2
        }
        guard c.fs.stat(c.path(file)) != nil else {
            c.error("tar: \(file): Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n")
            return 2
        }
        c.error("\ngzip: stdin: not in gzip format\ntar: Child returned status 1\ntar: Error is not recoverable: exiting now\n")
        return 2
    }

    static let gzip = CommandSpec(["gzip", "gunzip", "zcat"], in: "/usr/bin", fakeSize: 98_136) { c in
        let files = c.splitFlags().1
        guard !files.isEmpty else {
            if c.stdin.isEmpty { return 0 }
            c.error("\(c.name): stdin: not in gzip format\n")
            return 1
        }
        var status = 0
        for f in files {
            if c.fs.stat(c.path(f)) == nil {
                c.error("\(c.name): \(f): No such file or directory\n")
            } else {
                c.error("\(c.name): \(f): not in gzip format\n")
            }
            status = 1
        }
        return status
    }
}
