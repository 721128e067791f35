/// Shell pattern matching (`*`, `?`, `[a-z]`, `[!x]`, `\x`) for `case` and pathname expansion.
/// Iterative with a single backtrack point per `*`, so hostile patterns stay linear-ish and never recurse.
public enum Glob {
    public static func hasMagic(_ s: String) -> Bool {
        var escaped = false
        for c in s.unicodeScalars {
            if escaped { escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if c == "*" || c == "?" || c == "[" { return true }
        }
        return false
    }

    /// Backslash-escapes the pattern characters of quoted text.
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            if c == "*" || c == "?" || c == "[" || c == "]" || c == "\\" { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(c)
        }
        return out
    }

    public static func unescape(_ s: String) -> String {
        var out = ""
        var escaped = false
        for c in s.unicodeScalars {
            if !escaped, c == "\\" { escaped = true; continue }
            escaped = false
            out.unicodeScalars.append(c)
        }
        return out
    }

    public static func match(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.unicodeScalars)
        let t = Array(text.unicodeScalars)
        var pi = 0, ti = 0
        var starP = -1, starT = 0
        // Backtracking over many stars is O(pattern × text); cap the work so hostile patterns stay cheap.
        var budget = 4_000_000
        while ti < t.count {
            budget -= 1
            if budget <= 0 { return false }
            if pi < p.count {
                let c = p[pi]
                if c == "*" {
                    starP = pi
                    starT = ti
                    pi += 1
                    continue
                }
                if c == "?" {
                    pi += 1
                    ti += 1
                    continue
                }
                if c == "[", let (matched, next) = matchClass(p, pi, t[ti]) {
                    if matched {
                        pi = next
                        ti += 1
                        continue
                    }
                } else {
                    var lit = c
                    var next = pi + 1
                    if c == "\\", pi + 1 < p.count {
                        lit = p[pi + 1]
                        next = pi + 2
                    }
                    if lit == t[ti] {
                        pi = next
                        ti += 1
                        continue
                    }
                }
            }
            guard starP >= 0 else { return false }
            pi = starP + 1
            starT += 1
            ti = starT
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// `[…]` at `start`: whether `ch` is in it and where the pattern continues; nil when unterminated
    /// (then `[` is literal).
    private static func matchClass(_ p: [Unicode.Scalar], _ start: Int, _ ch: Unicode.Scalar) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < p.count, p[i] == "!" || p[i] == "^" { negate = true; i += 1 }
        var matched = false
        var first = true
        while i < p.count {
            if p[i] == "]", !first { return (matched != negate, i + 1) }
            first = false
            var lo = p[i]
            if lo == "\\", i + 1 < p.count { i += 1; lo = p[i] }
            if i + 2 < p.count, p[i + 1] == "-", p[i + 2] != "]" {
                let hi = p[i + 2]
                if lo.value <= ch.value, ch.value <= hi.value { matched = true }
                i += 3
            } else {
                if lo == ch { matched = true }
                i += 1
            }
        }
        return nil
    }
}
