import Foundation

/// A `pcre` option compiled to ICU's engine (NSRegularExpression), which is thread-safe once built.
///
/// Subjects are mapped byte-for-byte to Latin-1 code units, so `\xNN`, offsets and lengths mean bytes as in
/// PCRE without the `/u` mode. ICU has no `\K`, recursion, branch reset, backtracking verbs, callouts or
/// conditionals on names: such patterns are rejected as "unsupported pcre …". ICU backtracks like PCRE, so
/// the subject is capped (`maxSubjectBytes`) to keep a catastrophic pattern from holding a worker for long.
public struct PCREMatch: @unchecked Sendable {
    public let source: String
    public var negated: Bool
    public var relative: Bool
    let regex: NSRegularExpression

    public static let maxSubjectBytes = 16 * 1024
    static let maxPatternBytes = 8 * 1024

    /// Finds a match at or after `from`; returns its end offset.
    func firstMatchEnd(in subject: String, length: Int, from: Int) -> Int? {
        guard from >= 0, from <= length else { return nil }
        let r = regex.rangeOfFirstMatch(in: subject, options: [], range: NSRange(location: from, length: length - from))
        return r.location == NSNotFound ? nil : r.location + r.length
    }
}

enum PCREKeyword {
    static let row = Keyword(name: "pcre") { b, v in
        let (m, buffer) = try parse(try KeywordTable.value(v, "pcre"))
        try b.append(.pcre(m), to: buffer ?? b.sticky)
    }

    static let unsupportedConstructs: [(String, String)] = [
        ("\\K", "\\K"), ("(?R)", "recursion"), ("(?|", "branch reset"), ("(*", "verbs"), ("(?C", "callouts"),
        ("(?P>", "recursion"), ("(?&", "recursion"), ("\\g{", "relative backreference"), ("(?(", "conditionals"),
    ]

    static let namedGroup = try? NSRegularExpression(pattern: #"\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>|\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)"#)

    /// PCRE's `(?P<name>…)` / `(?<name>…)` and `(?P=name)` in ICU's spelling, `(?<name>…)` and `\k<name>`;
    /// ICU names allow only letters and digits, so `_` is dropped and a leading digit gets a prefix.
    static func translateNamedGroups(_ pattern: String) -> String {
        guard pattern.contains("(?"), let re = namedGroup else { return pattern }
        let ns = pattern as NSString
        var out = ""
        var last = 0
        for m in re.matches(in: pattern, range: NSRange(location: 0, length: ns.length)) {
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            let isRef = m.range(at: 2).location != NSNotFound
            let raw = ns.substring(with: m.range(at: isRef ? 2 : 1))
            let name = "g" + raw.filter { $0.isLetter || $0.isNumber }
            out += isRef ? "\\k<\(name)>" : "(?<\(name)>"
            last = m.range.location + m.range.length
        }
        out += ns.substring(from: last)
        return out
    }

    /// True for `(…x+…)+`-shaped patterns: a group holding an unbounded quantifier, itself repeated without
    /// bound. ICU backtracks exponentially on them and NSRegularExpression offers no time limit, so one
    /// such rule plus a crafted payload could hold a worker; they are refused at load instead.
    static func hasNestedUnboundedQuantifier(_ pattern: String) -> Bool {
        let u = Array(pattern.utf8)
        var stack: [Bool] = []          // per open group: contains an unbounded quantifier
        var inClass = false
        var i = 0
        func unboundedAt(_ j: Int) -> Bool {
            guard j < u.count else { return false }
            if u[j] == UInt8(ascii: "+") || u[j] == UInt8(ascii: "*") { return true }
            if u[j] == UInt8(ascii: "{"), let close = u[j...].firstIndex(of: UInt8(ascii: "}")) {
                return u[j..<close].last == UInt8(ascii: ",")
            }
            return false
        }
        while i < u.count {
            let c = u[i]
            if c == UInt8(ascii: "\\") { i += 2; if !stack.isEmpty && unboundedAt(i) { stack[stack.count - 1] = true }; continue }
            if inClass { if c == UInt8(ascii: "]") { inClass = false; if !stack.isEmpty && unboundedAt(i + 1) { stack[stack.count - 1] = true } }; i += 1; continue }
            switch c {
            case UInt8(ascii: "["): inClass = true
            case UInt8(ascii: "("): stack.append(false)
            case UInt8(ascii: ")"):
                let inner = stack.popLast() ?? false
                if inner && unboundedAt(i + 1) { return true }
                if inner || unboundedAt(i + 1), !stack.isEmpty { stack[stack.count - 1] = true }
            default:
                if !stack.isEmpty && unboundedAt(i + 1) && c != UInt8(ascii: "+") && c != UInt8(ascii: "*") { stack[stack.count - 1] = true }
            }
            i += 1
        }
        return false
    }

    /// Escapes `{` and `}` that do not form a `{n}`, `{n,}` or `{n,m}` quantifier (outside classes).
    static func escapeLiteralBraces(_ pattern: String) -> String {
        let u = Array(pattern.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(u.count + 8)
        var i = 0
        var inClass = false
        var openQuantifier = false
        while i < u.count {
            let c = u[i]
            if c == UInt8(ascii: "\\") {
                out.append(c)
                if i + 1 < u.count { out.append(u[i + 1]) }
                i += 2
                continue
            }
            if inClass {
                if c == UInt8(ascii: "]") { inClass = false }
            } else if c == UInt8(ascii: "[") {
                inClass = true
                // `[]…]` and `[^]…]`: a leading `]` is a member, not the end.
                if i + 1 < u.count, u[i + 1] == UInt8(ascii: "]") { out.append(c); out.append(u[i + 1]); i += 2; continue }
                if i + 2 < u.count, u[i + 1] == UInt8(ascii: "^"), u[i + 2] == UInt8(ascii: "]") {
                    out.append(contentsOf: u[i...(i + 2)]); i += 3; continue
                }
            } else if c == UInt8(ascii: "{") {
                var j = i + 1
                var digits = 0, commas = 0
                while j < u.count, (u[j] >= 48 && u[j] <= 57) || (u[j] == UInt8(ascii: ",") && commas == 0) {
                    if u[j] == UInt8(ascii: ",") { commas += 1 } else { digits += 1 }
                    j += 1
                }
                let quantifier = j < u.count && u[j] == UInt8(ascii: "}") && digits > 0 && out.last.map({ $0 != UInt8(ascii: "(") && $0 != UInt8(ascii: "|") }) ?? false
                if quantifier { openQuantifier = true } else { out.append(UInt8(ascii: "\\")) }
            } else if c == UInt8(ascii: "}") {
                if openQuantifier { openQuantifier = false } else { out.append(UInt8(ascii: "\\")) }
            }
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `"/re/flags"` or `!"/re/flags"` → the compiled match and the buffer named by a flag, if any.
    static func parse(_ raw: String) throws -> (PCREMatch, BufferKind?) {
        var s = Substring(raw)
        var negated = false
        if s.first == "!" { negated = true; s = s.dropFirst() }
        guard s.count >= 4, s.first == "\"", s.last == "\"" else { throw RuleError.badValue(keyword: "pcre", detail: "not quoted") }
        s = s.dropFirst().dropLast()
        guard s.utf8.count <= PCREMatch.maxPatternBytes else { throw RuleError.badValue(keyword: "pcre", detail: "pattern too long") }
        // Only `\"` and `\;` were rule-level escapes; everything else belongs to the regex.
        let body = String(s).replacingOccurrences(of: "\\\"", with: "\"")
        guard body.first == "/", let close = body.lastIndex(of: "/"), close != body.startIndex else {
            throw RuleError.badValue(keyword: "pcre", detail: "not /regex/flags")
        }
        var pattern = String(body[body.index(after: body.startIndex)..<close])
        let flags = body[body.index(after: close)...]
        var options: NSRegularExpression.Options = []
        var relative = false
        var buffer: BufferKind?
        var anchored = false
        for f in flags {
            switch f {
            case "i": options.insert(.caseInsensitive)
            case "s": options.insert(.dotMatchesLineSeparators)
            case "m": options.insert(.anchorsMatchLines)
            case "x": options.insert(.allowCommentsAndWhitespace)
            case "R": relative = true
            case "A": anchored = true
            case "E", "B", "O": break  // dollar-endonly (approximated by ICU's `$`), compat flags
            case "G": throw RuleError.unsupportedPCRE("ungreedy flag")
            default:
                guard let buf = BufferKind.pcreFlags[f] else { throw RuleError.badValue(keyword: "pcre", detail: "flag \(f)") }
                buffer = buf
            }
        }
        for (needle, name) in unsupportedConstructs where pattern.contains(needle) { throw RuleError.unsupportedPCRE(name) }
        if hasNestedUnboundedQuantifier(pattern) { throw RuleError.unsupportedPCRE("nested quantifier (catastrophic backtracking)") }
        // PCRE's `(?P<name>` is ICU's `(?<name>`; a `{` that is no quantifier is a literal in PCRE, an error in ICU.
        pattern = escapeLiteralBraces(translateNamedGroups(pattern))
        if anchored { pattern = "\\G(?:" + pattern + ")" }
        guard let regex = try? NSRegularExpression(pattern: pattern, options: options) else {
            throw RuleError.unsupportedPCRE("construct (ICU rejected it)")
        }
        return (PCREMatch(source: raw, negated: negated, relative: relative, regex: regex), buffer)
    }
}
