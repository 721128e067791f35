import Foundation

/// Suricata's lexical layer: splitting a rule into header and options, options on unescaped `;`,
/// and unescaping quoted values and `|hex|` content.
enum RuleText {
    static let maxRuleBytes = 64 * 1024
    static let maxOptions = 512

    /// `header (opt; opt; …)` → the header and the raw `name[:value]` options. Works on UTF-8 bytes:
    /// rule files are large and Character iteration would dominate load time.
    static func split(_ line: Substring) throws -> (header: Substring, options: [(name: String, value: String?)]) {
        let bytes = Array(line.utf8)
        guard bytes.count <= maxRuleBytes else { throw RuleError.tooLong }
        guard let open = bytes.firstIndex(of: UInt8(ascii: "(")) else { throw RuleError.syntax("no option list") }
        var last = bytes.count
        while last > open + 1, bytes[last - 1] == 32 || bytes[last - 1] == 9 || bytes[last - 1] == 13 { last -= 1 }
        guard last > open + 1, bytes[last - 1] == UInt8(ascii: ")") else { throw RuleError.syntax("option list does not end with )") }
        let bodyEnd = last - 1
        var options: [(String, String?)] = []
        var start = open + 1
        var i = start
        // Suricata ends an option at an unescaped `;`, even inside quotes (content needs `\;`).
        while i < bodyEnd {
            let b = bytes[i]
            if b == UInt8(ascii: "\\") { i += 2; continue }
            if b == UInt8(ascii: ";") {
                try option(bytes[start..<i], into: &options)
                start = i + 1
            }
            i += 1
        }
        if let rest = trimmed(bytes[start..<min(bodyEnd, bytes.count)]), !rest.isEmpty {
            throw RuleError.syntax("last option not terminated by ;")
        }
        let header = line.utf8.index(line.utf8.startIndex, offsetBy: open)
        return (line[..<header], options)
    }

    static func trimmed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var lo = s.startIndex, hi = s.endIndex
        while lo < hi, s[lo] == 32 || s[lo] == 9 { lo += 1 }
        while hi > lo, s[hi - 1] == 32 || s[hi - 1] == 9 { hi -= 1 }
        return s[lo..<hi]
    }

    private static func option(_ raw: ArraySlice<UInt8>, into options: inout [(String, String?)]) throws {
        guard let t = trimmed(raw), !t.isEmpty else { return }
        guard options.count < maxOptions else { throw RuleError.syntax("too many options") }
        if let colon = t.firstIndex(of: UInt8(ascii: ":")) {
            let name = String(decoding: trimmed(t[t.startIndex..<colon]) ?? [], as: UTF8.self).lowercased()
            let value = String(decoding: trimmed(t[(colon + 1)...]) ?? [], as: UTF8.self)
            options.append((name, value))
        } else {
            options.append((String(decoding: t, as: UTF8.self).lowercased(), nil))
        }
    }

    static func trim<S: StringProtocol>(_ s: S) -> String {
        let u = Array(s.utf8)
        return String(decoding: trimmed(u[...]) ?? [], as: UTF8.self)
    }

    /// `"text"` → text with `\"`, `\\`, `\;`, `\:` unescaped; a value without quotes is returned as is.
    static func unquote(_ value: String) throws -> String {
        let u = Array(value.utf8)
        guard u.first == UInt8(ascii: "\"") else { return value }
        guard u.count >= 2, u.last == UInt8(ascii: "\"") else { throw RuleError.syntax("unterminated quoted value") }
        var out: [UInt8] = []
        out.reserveCapacity(u.count)
        var escaped = false
        for b in u[1..<(u.count - 1)] {
            if escaped { out.append(b); escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else { out.append(b) }
        }
        if escaped { out.append(UInt8(ascii: "\\")) }
        return String(decoding: out, as: UTF8.self)
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
        return Array(value.utf8).split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map {
            String(decoding: trimmed($0) ?? [], as: UTF8.self)
        }
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
