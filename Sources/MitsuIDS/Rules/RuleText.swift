import Foundation

/// Suricata's lexical layer: splitting a rule into header and options, options on unescaped `;`,
/// and unescaping quoted values and `|hex|` content.
enum RuleText {
    static let maxRuleBytes = 64 * 1024
    static let maxOptions = 512

    /// `header (opt; opt; …)` → the header and the raw `name[:value]` options.
    static func split(_ line: Substring) throws -> (header: Substring, options: [(name: String, value: String?)]) {
        guard line.utf8.count <= maxRuleBytes else { throw RuleError.tooLong }
        guard let open = line.firstIndex(of: "(") else { throw RuleError.syntax("no option list") }
        var body = line[line.index(after: open)...]
        while let last = body.last, last == " " || last == "\t" || last == "\r" { body = body.dropLast() }
        guard body.last == ")" else { throw RuleError.syntax("option list does not end with )") }
        body = body.dropLast()
        var options: [(String, String?)] = []
        var cur = ""
        var escaped = false
        var inQuotes = false
        func flush() throws {
            let t = trim(cur)
            cur = ""
            guard !t.isEmpty else { return }
            guard options.count < maxOptions else { throw RuleError.syntax("too many options") }
            if let colon = t.firstIndex(of: ":") {
                options.append((trim(t[..<colon]).lowercased(), trim(t[t.index(after: colon)...])))
            } else {
                options.append((t.lowercased(), nil))
            }
        }
        for c in body {
            if escaped { cur.append(c); escaped = false; continue }
            if c == "\\" { cur.append(c); escaped = true; continue }
            if c == "\"" { inQuotes.toggle() }
            // Suricata ends an option at an unescaped `;` even inside quotes; it needs `\;` in content.
            if c == ";" { try flush(); inQuotes = false; continue }
            cur.append(c)
        }
        if !trim(cur).isEmpty { throw RuleError.syntax("last option not terminated by ;") }
        _ = inQuotes
        return (line[..<open], options)
    }

    static func trim<S: StringProtocol>(_ s: S) -> String {
        var sub = Substring(s)
        while let f = sub.first, f == " " || f == "\t" { sub = sub.dropFirst() }
        while let l = sub.last, l == " " || l == "\t" { sub = sub.dropLast() }
        return String(sub)
    }

    /// `"text"` → text with `\"`, `\\`, `\;`, `\:` unescaped; a value without quotes is returned as is.
    static func unquote(_ value: String) throws -> String {
        guard value.first == "\"" else { return value }
        guard value.count >= 2, value.last == "\"" else { throw RuleError.syntax("unterminated quoted value") }
        var out = ""
        var escaped = false
        for c in value.dropFirst().dropLast() {
            if escaped { out.append(c); escaped = false } else if c == "\\" { escaped = true } else { out.append(c) }
        }
        if escaped { out.append("\\") }
        return out
    }

    /// A `content` value: optional `!`, quotes, escapes, and `|41 42|` hex runs → bytes.
    static func content(_ raw: String) throws -> (bytes: [UInt8], negated: Bool) {
        var s = Substring(raw)
        var negated = false
        if s.first == "!" { negated = true; s = s.dropFirst(); while s.first == " " { s = s.dropFirst() } }
        guard s.count >= 2, s.first == "\"", s.last == "\"" else { throw RuleError.badValue(keyword: "content", detail: "not quoted") }
        var out: [UInt8] = []
        var inHex = false
        var escaped = false
        var nibble: UInt8?
        for b in s.dropFirst().dropLast().utf8 {
            if inHex {
                if b == UInt8(ascii: "|") {
                    guard nibble == nil else { throw RuleError.badValue(keyword: "content", detail: "odd hex digits") }
                    inHex = false
                    continue
                }
                if b == 32 || b == 9 { continue }
                guard let v = hexValue(b) else { throw RuleError.badValue(keyword: "content", detail: "bad hex digit") }
                if let hi = nibble { out.append(hi << 4 | v); nibble = nil } else { nibble = v }
                continue
            }
            if escaped { out.append(b); escaped = false; continue }
            switch b {
            case UInt8(ascii: "\\"): escaped = true
            case UInt8(ascii: "|"): inHex = true
            case UInt8(ascii: "\""): throw RuleError.badValue(keyword: "content", detail: "unescaped quote")
            default: out.append(b)
            }
        }
        guard !inHex else { throw RuleError.badValue(keyword: "content", detail: "unterminated hex") }
        guard !out.isEmpty else { throw RuleError.badValue(keyword: "content", detail: "empty") }
        guard out.count <= 4096 else { throw RuleError.badValue(keyword: "content", detail: "longer than 4096 bytes") }
        return (out, negated)
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: return b - 48
        case 97...102: return b - 87
        case 65...70: return b - 55
        default: return nil
        }
    }

    /// Comma-separated arguments, trimmed.
    static func args(_ value: String?) -> [String] {
        guard let value else { return [] }
        return value.split(separator: ",", omittingEmptySubsequences: false).map { trim($0) }
    }

    /// Integers as rules write them: decimal, or `0x` hex.
    static func integer(_ s: String) -> Int? {
        let t = trim(s)
        if t.hasPrefix("0x") || t.hasPrefix("0X") { return Int(t.dropFirst(2), radix: 16) }
        return Int(t)
    }

    /// `N`, `!N`, `<N`, `>N`, `<=N`, `>=N`, `N<>M`, `N-M`.
    static func range(_ raw: String?, keyword: String) throws -> RangeCheck {
        guard let raw else { throw RuleError.badValue(keyword: keyword, detail: "missing value") }
        let s = trim(raw).replacingOccurrences(of: " ", with: "")
        func num(_ t: Substring) throws -> Int {
            guard let n = integer(String(t)), n >= 0 else { throw RuleError.badValue(keyword: keyword, detail: raw) }
            return n
        }
        if let r = s.range(of: "<>") {
            let lo = try num(s[..<r.lowerBound]), hi = try num(s[r.upperBound...])
            guard lo < hi else { throw RuleError.badValue(keyword: keyword, detail: raw) }
            return RangeCheck(op: .between, value: lo, upper: hi)
        }
        if s.hasPrefix("<=") { return RangeCheck(op: .le, value: try num(s.dropFirst(2))) }
        if s.hasPrefix(">=") { return RangeCheck(op: .ge, value: try num(s.dropFirst(2))) }
        if s.hasPrefix("<") { return RangeCheck(op: .lt, value: try num(s.dropFirst())) }
        if s.hasPrefix(">") { return RangeCheck(op: .gt, value: try num(s.dropFirst())) }
        if s.hasPrefix("!") { return RangeCheck(op: .ne, value: try num(s.dropFirst())) }
        if s.hasPrefix("=") { return RangeCheck(op: .eq, value: try num(s.dropFirst())) }
        if let dash = s.firstIndex(of: "-"), dash != s.startIndex {
            let lo = try num(s[..<dash]), hi = try num(s[s.index(after: dash)...])
            guard lo < hi else { throw RuleError.badValue(keyword: keyword, detail: raw) }
            return RangeCheck(op: .between, value: lo, upper: hi)
        }
        return RangeCheck(op: .eq, value: try num(Substring(s)))
    }
}
