import Foundation

extension Commands {
    /// sed: `s/a/b/[g]` (any delimiter, literal or `.`/`^`/`$` patterns), `Nd`, `/re/d`, `Np`, `-n`, `-i`,
    /// `-e` chains. What droppers use to patch files and recon lines use to trim output.
    static let sed = CommandSpec(["sed"], in: "/usr/bin", fakeSize: 122_224) { c in
        var scripts: [String] = []
        var files: [String] = []
        var quiet = false
        var inPlace = false
        var args = c.args[...]
        while let a = args.first {
            args = args.dropFirst()
            if a == "-e" { if let s = args.first { scripts.append(s); args = args.dropFirst() }; continue }
            if a == "-n" { quiet = true; continue }
            if a.hasPrefix("-i") { inPlace = true; continue }
            if a == "-E" || a == "-r" { continue }
            if scripts.isEmpty { scripts.append(a) } else { files.append(a) }
        }
        guard !scripts.isEmpty else {
            c.error("Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n")
            return 1
        }
        let commands = scripts.flatMap { $0.split(separator: ";").map { String($0).trimmingCharacters(in: .whitespaces) } }
        func run(_ input: [UInt8]) -> String {
            var lines = String(decoding: input, as: UTF8.self).components(separatedBy: "\n")
            let trailingNewline = lines.last == ""
            if trailingNewline { lines.removeLast() }
            var out = ""
            for (n, original) in lines.enumerated() {
                var line = original
                var deleted = false
                var printed = 0
                for cmd in commands {
                    if let e = SedCommand(cmd) {
                        switch e.apply(&line, lineNumber: n + 1, isLast: n == lines.count - 1) {
                        case .delete: deleted = true
                        case .print: printed += 1
                        case .none: break
                        }
                    }
                    if deleted { break }
                }
                if deleted { continue }
                for _ in 0..<printed { out += line + "\n" }
                if !quiet { out += line + "\n" }
            }
            return out
        }
        if files.isEmpty {
            c.print(run(c.stdin))
            return 0
        }
        var status = 0
        for f in files {
            guard let b = c.readInput(f) else { status = 2; continue }
            let result = run(b)
            if inPlace { _ = c.fs.write(c.path(f), Array(result.utf8), mtime: c.now) } else { c.print(result) }
        }
        return status
    }
}

struct SedCommand {
    enum Effect { case none, delete, print }
    var address: String?
    var op: Character
    var pattern = ""
    var replacement = ""
    var global = false

    init?(_ text: String) {
        var t = Substring(text)
        if let first = t.first, first.isNumber || first == "$" {
            let addr = t.prefix(while: { $0.isNumber || $0 == "$" })
            address = String(addr)
            t = t.dropFirst(addr.count)
        } else if t.first == "/", let end = t.dropFirst().firstIndex(of: "/") {
            address = String(t[t.startIndex...end])
            t = t[t.index(after: end)...]
        }
        guard let o = t.first else { return nil }
        op = o
        if o == "s" {
            let body = t.dropFirst()
            guard let delim = body.first else { return nil }
            let parts = body.dropFirst().split(separator: delim, maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2 else { return nil }
            pattern = String(parts[0])
            replacement = String(parts[1])
            global = parts.count > 2 && parts[2].contains("g")
        }
    }

    func matchesAddress(_ line: String, _ n: Int, _ isLast: Bool) -> Bool {
        guard let address else { return true }
        if address == "$" { return isLast }
        if let k = Int(address) { return k == n }
        if address.hasPrefix("/") {
            return LineMatcher(String(address.dropFirst().dropLast()), ignoreCase: false, fixed: false, word: false).matches(line)
        }
        return false
    }

    func apply(_ line: inout String, lineNumber: Int, isLast: Bool) -> Effect {
        guard matchesAddress(line, lineNumber, isLast) else { return .none }
        switch op {
        case "d": return .delete
        case "p": return .print
        case "s":
            if pattern.hasPrefix("^") {
                let p = String(pattern.dropFirst())
                if line.hasPrefix(p) { line = replacement + line.dropFirst(p.count) }
            } else if pattern.hasSuffix("$") {
                let p = String(pattern.dropLast())
                if line.hasSuffix(p) { line = line.dropLast(p.count) + replacement }
            } else if pattern == ".*" {
                line = replacement
            } else if let r = line.range(of: pattern) {
                line = global ? line.replacingOccurrences(of: pattern, with: replacement) : line.replacingCharacters(in: r, with: replacement)
            }
            return .none
        default: return .none
        }
    }
}
