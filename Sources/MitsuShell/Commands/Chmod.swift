extension Commands {
    /// chmod MODE FILE…: octal modes and symbolic `+x`, `u+x`, `go=`, `a-w` (with -R).
    static let chmod = CommandSpec(["chmod"], in: "/usr/bin", fakeSize: 64_632) { c in
        let args = c.args.filter { $0 != "-R" && $0 != "-f" && $0 != "-v" && $0 != "--recursive" }
        let recursive = c.args.contains("-R") || c.args.contains("--recursive")
        guard args.count >= 2 else {
            return c.fail(args.isEmpty ? "missing operand\nTry 'chmod --help' for more information." : "missing operand after '\(args[0])'\nTry 'chmod --help' for more information.")
        }
        let spec = args[0]
        guard applyMode(spec, to: 0o644) != nil else { return c.fail("invalid mode: '\(spec)'\nTry 'chmod --help' for more information.") }
        var status = 0
        var budget = 20_000
        func apply(_ path: String, shown: String) {
            budget -= 1
            guard budget > 0 else { return }
            if let e = c.fs.setNode(path, { n in n.mode = applyMode(spec, to: n.mode, isDirectory: n.kind == .directory) ?? n.mode }) {
                c.error("chmod: cannot access '\(shown)': \(e == .notFound ? e.text : "Operation not permitted")\n")
                status = 1
                return
            }
            // -R never follows symlinks (Debian has /usr/bin/X11 -> .).
            if recursive, c.fs.lstat(c.fs.resolve(path, followLast: false) ?? path)?.kind == .directory {
                for name in c.fs.list(path) ?? [] { apply(FSPath.join(path, name), shown: shown + "/" + name) }
            }
        }
        for f in args.dropFirst() { apply(c.path(f), shown: f) }
        return status
    }

    static func applyMode(_ spec: String, to mode: Int, isDirectory: Bool = false) -> Int? {
        if let octal = Int(spec, radix: 8), spec.allSatisfy({ $0 >= "0" && $0 <= "7" }) { return octal & 0o7777 }
        var result = mode
        for clause in spec.split(separator: ",") {
            var who = 0
            var chars = Array(clause)
            while let f = chars.first, "ugoa".contains(f) {
                switch f {
                case "u": who |= 0o4700
                case "g": who |= 0o2070
                case "o": who |= 0o1007
                default: who |= 0o7777
                }
                chars.removeFirst()
            }
            if who == 0 { who = 0o7777 }
            guard let op = chars.first, "+-=".contains(op) else { return nil }
            chars.removeFirst()
            var bits = 0
            for p in chars {
                switch p {
                case "r": bits |= 0o444
                case "w": bits |= 0o222
                case "x": bits |= 0o111
                case "X": if isDirectory || mode & 0o111 != 0 { bits |= 0o111 }
                case "s": bits |= 0o6000
                case "t": bits |= 0o1000
                default: return nil
                }
            }
            switch op {
            case "+": result |= bits & who
            case "-": result &= ~(bits & who)
            default: result = (result & ~(who & 0o777)) | (bits & who)
            }
        }
        return result
    }
}
