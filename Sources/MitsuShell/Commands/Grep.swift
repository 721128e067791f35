import Foundation

extension Commands {
    /// grep [-i -v -c -n -o -q -E -F -w -l -h] PATTERN [FILE…]. Patterns are matched as fixed strings
    /// with `^`/`$` anchors and `.` `*` handled by the small matcher below (what recon one-liners need).
    static let grep = CommandSpec(["grep", "egrep", "fgrep"], in: "/usr/bin", fakeSize: 203_152) { c in
        var flags = Set<Character>()
        var operands: [String] = []
        var patterns: [String] = []
        var args = c.args[...]
        while let a = args.first {
            args = args.dropFirst()
            if a == "-e" { if let p = args.first { patterns.append(p); args = args.dropFirst() }; continue }
            if a.hasPrefix("--") { continue }
            if a.hasPrefix("-"), a.count > 1 { for f in a.dropFirst() { flags.insert(f) }; continue }
            operands.append(a)
        }
        if patterns.isEmpty {
            guard !operands.isEmpty else {
                c.error("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n")
                return 2
            }
            patterns = [operands.removeFirst()]
        }
        let ignoreCase = flags.contains("i")
        let extended = flags.contains("E") || c.name == "egrep"
        let alternatives = patterns.flatMap { p in extended ? p.split(separator: "|").map(String.init) : p.components(separatedBy: "\\|") }
        let matchers = alternatives.map { LineMatcher($0, ignoreCase: ignoreCase, fixed: flags.contains("F") || c.name == "fgrep", word: flags.contains("w")) }
        var total = 0
        var status = 1
        let files = operands.isEmpty ? ["-"] : operands
        for f in files {
            guard let bytes = c.readInput(f) else { status = 2; continue }
            var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            if bytes.last == 0x0A { lines.removeLast() }
            var count = 0
            for (n, line) in lines.enumerated() {
                let hit = matchers.contains { $0.matches(String(line)) }
                guard hit != flags.contains("v") else { continue }
                count += 1
                if flags.contains("q") { return 0 }
                if flags.contains("c") || flags.contains("l") { continue }
                let prefix = (files.count > 1 && !flags.contains("h") ? "\(f):" : "") + (flags.contains("n") ? "\(n + 1):" : "")
                if flags.contains("o"), !flags.contains("v") {
                    for m in matchers { if let s = m.matchedText(String(line)) { c.print(prefix + s + "\n") } }
                } else {
                    c.print(prefix + line + "\n")
                }
            }
            if flags.contains("c") { c.print((files.count > 1 ? "\(f):" : "") + "\(count)\n") }
            if flags.contains("l"), count > 0 { c.print(f + "\n") }
            total += count
        }
        if total > 0, status != 2 { status = 0 }
        return status
    }
}

/// A basic-regex subset: literal text, `^`, `$`, `.`, `.*`, `[…]`. Enough for `grep name`,
/// `grep -c ^processor`, `grep -v grep`; anything fancier degrades to a substring test.
struct LineMatcher {
    let pattern: String
    let ignoreCase: Bool
    let fixed: Bool
    let word: Bool

    init(_ pattern: String, ignoreCase: Bool, fixed: Bool, word: Bool) {
        self.pattern = ignoreCase ? pattern.lowercased() : pattern
        self.ignoreCase = ignoreCase
        self.fixed = fixed
        self.word = word
    }

    func matches(_ line: String) -> Bool { matchedText(line) != nil }

    func matchedText(_ raw: String) -> String? {
        let line = ignoreCase ? raw.lowercased() : raw
        if fixed || !pattern.contains(where: { "^$.*[\\".contains($0) }) {
            guard let r = line.range(of: pattern) else { return nil }
            if word {
                let before = r.lowerBound == line.startIndex ? nil : line[line.index(before: r.lowerBound)]
                let after = r.upperBound == line.endIndex ? nil : line[r.upperBound]
                if before.map({ $0.isLetter || $0.isNumber || $0 == "_" }) == true || after.map({ $0.isLetter || $0.isNumber || $0 == "_" }) == true { return nil }
            }
            return String(raw[r])
        }
        var p = pattern
        let anchoredStart = p.hasPrefix("^")
        if anchoredStart { p.removeFirst() }
        let anchoredEnd = p.hasSuffix("$") && !p.hasSuffix("\\$")
        if anchoredEnd { p.removeLast() }
        var glob = ""
        var chars = Array(p)
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            if ch == "\\", i + 1 < chars.count { glob += Glob.escape(String(chars[i + 1])); i += 2; continue }
            if ch == ".", i + 1 < chars.count, chars[i + 1] == "*" { glob += "*"; i += 2; continue }
            if ch == "." { glob += "?"; i += 1; continue }
            if ch == "*" || ch == "+" || ch == "?" { i += 1; continue }
            if ch == "[" { glob += "["; i += 1; continue }
            glob += ch == "]" ? "]" : Glob.escape(String(ch))
            i += 1
        }
        chars = []
        let full = (anchoredStart ? "" : "*") + glob + (anchoredEnd ? "" : "*")
        return Glob.match(full, line) ? raw : nil
    }
}
