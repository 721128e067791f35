/// Literals a regular expression cannot match without: for each top-level alternative, its longest run of
/// plain characters that every match must contain. A rule's regex runs only when one of them is in the
/// (lowercased) field, the way Suricata's fast_pattern keeps most rules from ever running their PCRE.
///
/// Conservative by construction: anything not understood (groups, classes, escapes that are not plain
/// punctuation, quantified characters, non-ASCII) ends a run instead of extending it, and a pattern
/// whose required literal cannot be found at all (an alternative with none, `(?x)` mode) gets no
/// prefilter, so the regex always runs. `WebRule.Condition` also runs the regex whenever the text has a
/// non-ASCII byte (ICU's case folding maps `ſ` to `s` and `K` (Kelvin) to `k`).
enum RegexPrefilter {
    /// The alternatives' required literals (lowercased ASCII bytes), or nil when the regex must always run.
    static func literals(_ pattern: String) -> [[UInt8]]? {
        let s = Array(pattern.unicodeScalars)
        if hasExtendedFlag(s) { return nil }
        return alternatives(s[...], depth: 0)
    }

    /// Any-of literals for a sequence of alternatives: each alternative must give at least one.
    static func alternatives(_ s: ArraySlice<Unicode.Scalar>, depth: Int) -> [[UInt8]]? {
        guard depth < 8 else { return nil }
        var out: [[UInt8]] = []
        for alt in topLevelAlternatives(s) {
            guard let set = requiredSet(alt, depth: depth), !set.isEmpty else { return nil }
            out += set
        }
        return out.isEmpty ? nil : out
    }

    /// Literals one of which every match of this alternative contains: its longest literal run, or the
    /// any-of set of a group it cannot skip (`(cat|id|wget)`), whichever is the more selective (longest
    /// shortest literal).
    static func requiredSet(_ s: ArraySlice<Unicode.Scalar>, depth: Int) -> [[UInt8]]? {
        guard let run = longestRequiredRun(s) else { return nil }
        var best: [[UInt8]]? = run.isEmpty ? nil : [run]
        var bestScore = run.count
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == "\\" { i += 2; continue }
            if c == "[" { i = skipClass(s, from: i); continue }
            guard c == "(" else { i += 1; continue }
            let end = skipGroup(s, from: i)
            defer { i = end }
            // The group must be there: not followed by an optional quantifier, and capturing or `(?:`.
            if let q = skipQuantifier(s, at: end), q.optional { continue }
            guard end - 1 > i + 1, s[end - 1] == ")" else { continue }
            var inner = s[(i + 1)..<(end - 1)]
            if inner.first == "?" {
                guard inner.count >= 2, inner[inner.startIndex + 1] == ":" else { continue }
                inner = inner.dropFirst(2)
            }
            guard let set = alternatives(inner, depth: depth + 1) else { continue }
            let score = set.map(\.count).min() ?? 0
            if score > bestScore {
                best = set
                bestScore = score
            }
        }
        return best
    }

    /// `(?x)`, `(?ix:…)`: whitespace in the pattern would not be literal.
    static func hasExtendedFlag(_ s: [Unicode.Scalar]) -> Bool {
        var i = 0
        while i + 1 < s.count {
            if s[i] == "\\" { i += 2; continue }
            if s[i] == "(", s[i + 1] == "?" {
                var j = i + 2
                while j < s.count, s[j] != ")", s[j] != ":" {
                    if s[j] == "x" { return true }
                    if !(s[j] == "-" || (s[j] >= "a" && s[j] <= "z")) { break }
                    j += 1
                }
            }
            i += 1
        }
        return false
    }

    /// Splits at `|` outside groups and character classes.
    static func topLevelAlternatives(_ s: ArraySlice<Unicode.Scalar>) -> [ArraySlice<Unicode.Scalar>] {
        var parts: [ArraySlice<Unicode.Scalar>] = []
        var depth = 0
        var start = s.startIndex
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == "\\" { i += 2; continue }
            if c == "[" { i = skipClass(s, from: i); continue }
            if c == "(" { depth += 1 } else if c == ")" { depth = max(0, depth - 1) } else if c == "|", depth == 0 {
                parts.append(s[start..<i])
                start = i + 1
            }
            i += 1
        }
        parts.append(s[min(start, s.endIndex)..<s.endIndex])
        return parts
    }

    /// The index after a `[...]` class starting at `from` (a `]` first in the class is literal).
    static func skipClass(_ s: ArraySlice<Unicode.Scalar>, from: Int) -> Int {
        var i = from + 1
        if i < s.endIndex, s[i] == "^" { i += 1 }
        if i < s.endIndex, s[i] == "]" { i += 1 }
        while i < s.endIndex {
            if s[i] == "\\" { i += 2; continue }
            if s[i] == "[" { i = skipClass(s, from: i); continue }  // ICU nested sets
            if s[i] == "]" { return i + 1 }
            i += 1
        }
        return s.endIndex
    }

    /// The index after the group opened at `from`.
    static func skipGroup(_ s: ArraySlice<Unicode.Scalar>, from: Int) -> Int {
        var depth = 0
        var i = from
        while i < s.endIndex {
            let c = s[i]
            if c == "\\" { i += 2; continue }
            if c == "[" { i = skipClass(s, from: i); continue }
            if c == "(" { depth += 1 } else if c == ")" {
                depth -= 1
                if depth == 0 { return i + 1 }
            }
            i += 1
        }
        return s.endIndex
    }

    /// Skips a quantifier at `i` (`?`, `*`, `+`, `{n,m}`, with a lazy or possessive suffix); returns the
    /// index after it and whether the quantified item may occur zero times.
    static func skipQuantifier(_ s: ArraySlice<Unicode.Scalar>, at i: Int) -> (next: Int, optional: Bool)? {
        guard i < s.endIndex else { return nil }
        var j = i
        var optional: Bool
        switch s[i] {
        case "?", "*": optional = true; j += 1
        case "+": optional = false; j += 1
        case "{":
            var k = i + 1
            var digits = ""
            while k < s.endIndex, s[k] != "}" { digits.unicodeScalars.append(s[k]); k += 1 }
            guard k < s.endIndex else { return nil }  // a lone `{` is a literal in ICU only in some places: treat as unknown
            let low = Int(digits.split(separator: ",", omittingEmptySubsequences: false).first ?? "") ?? 0
            optional = low == 0
            j = k + 1
        default: return nil
        }
        if j < s.endIndex, s[j] == "?" || s[j] == "+" { j += 1 }
        return (j, optional)
    }

    /// The longest run of literal characters every match of this alternative contains; nil when the
    /// alternative cannot be read (a lone `{`).
    static func longestRequiredRun(_ s: ArraySlice<Unicode.Scalar>) -> [UInt8]? {
        var best: [UInt8] = []
        var run: [UInt8] = []
        func end() {
            if run.count > best.count { best = run }
            run = []
        }
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            var literal: Unicode.Scalar?
            var next = i + 1
            switch c {
            case "(":
                end()
                next = skipGroup(s, from: i)
                if let q = skipQuantifier(s, at: next) { next = q.next }
                i = next
                continue
            case "[":
                end()
                next = skipClass(s, from: i)
                if let q = skipQuantifier(s, at: next) { next = q.next }
                i = next
                continue
            case ".", "^", "$", ")", "|":
                end()
                if let q = skipQuantifier(s, at: next) { next = q.next }
                i = next
                continue
            case "?", "*", "+", "{":
                // A quantifier with nothing before it that we kept (after a group it was skipped there).
                guard let q = skipQuantifier(s, at: i) else { return nil }
                end()
                i = q.next
                continue
            case "\\":
                guard i + 1 < s.endIndex else { return nil }
                let e = s[i + 1]
                next = i + 2
                guard let l = escapedLiteral(e) else {
                    end()
                    next = skipEscapeArgument(s, letter: e, at: next)
                    if let q = skipQuantifier(s, at: next) { next = q.next }
                    i = next
                    continue
                }
                literal = l
            default:
                literal = c
            }
            guard let l = literal, l.isASCII, l.value >= 0x20 || l == "\n" || l == "\r" || l == "\t" else {
                end()
                i = next
                continue
            }
            if let q = skipQuantifier(s, at: next) {
                if !q.optional { run.append(lowered(l)) }
                end()
                i = q.next
                continue
            }
            run.append(lowered(l))
            i = next
        }
        end()
        return best
    }

    /// The character `\e` stands for when it is a literal: `\n`, `\r`, `\t`, or any escaped character
    /// but an ASCII letter or digit (those are classes, anchors and arguments: `\d`, `\b`, `\x41`).
    static func escapedLiteral(_ e: Unicode.Scalar) -> Unicode.Scalar? {
        switch e {
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        default:
            let letterOrDigit = (e >= "a" && e <= "z") || (e >= "A" && e <= "Z") || (e >= "0" && e <= "9")
            return letterOrDigit ? nil : e
        }
    }

    /// Skips what follows an escape letter: `\xhh`, `\x{…}`, `\uhhhh`, `\p{…}`, `\N{…}`, `\k<name>`,
    /// `\cX`, octal and backreference digits, `\Q…\E`.
    static func skipEscapeArgument(_ s: ArraySlice<Unicode.Scalar>, letter: Unicode.Scalar, at i: Int) -> Int {
        func braced(_ j: Int, close: Unicode.Scalar) -> Int? {
            guard j < s.endIndex, s[j] == (close == "}" ? "{" : "<") else { return nil }
            var k = j
            while k < s.endIndex, s[k] != close { k += 1 }
            return min(k + 1, s.endIndex)
        }
        switch letter {
        case "x": return braced(i, close: "}") ?? min(i + 2, s.endIndex)
        case "u": return min(i + 4, s.endIndex)
        case "U": return min(i + 8, s.endIndex)
        case "p", "P", "N": return braced(i, close: "}") ?? min(i + 1, s.endIndex)
        case "k": return braced(i, close: ">") ?? i
        case "c": return min(i + 1, s.endIndex)
        case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9":
            var k = i
            while k < s.endIndex, s[k] >= "0", s[k] <= "9" { k += 1 }
            return k
        case "Q":
            var k = i
            while k + 1 < s.endIndex, !(s[k] == "\\" && s[k + 1] == "E") { k += 1 }
            return min(k + 2, s.endIndex)
        default: return i
        }
    }

    static func lowered(_ c: Unicode.Scalar) -> UInt8 {
        let b = UInt8(c.value)
        return b >= 0x41 && b <= 0x5A ? b + 0x20 : b
    }
}
