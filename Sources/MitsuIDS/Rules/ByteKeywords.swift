/// `byte_test`, `byte_jump`, `isdataat` rows of the keyword table.
enum ByteKeywords {
    static let rows: [Keyword] = [
        Keyword(name: "byte_test") { b, v in try b.append(.byteTest(try byteTest(v)), to: b.sticky) },
        Keyword(name: "byte_jump") { b, v in try b.append(.byteJump(try byteJump(v)), to: b.sticky) },
        Keyword(name: "isdataat") { b, v in
            let parts = RuleText.args(v)
            guard var first = parts.first, !first.isEmpty else { throw RuleError.badValue(keyword: "isdataat", detail: "missing value") }
            var d = IsDataAt(position: 0)
            if first.hasPrefix("!") { d.negated = true; first.removeFirst() }
            guard let n = RuleText.integer(first), n >= 0, n <= 65535 else { throw RuleError.badValue(keyword: "isdataat", detail: first) }
            d.position = n
            for p in parts.dropFirst() {
                switch p {
                case "relative": d.relative = true
                case "rawbytes": break
                default: throw RuleError.badValue(keyword: "isdataat", detail: p)
                }
            }
            try b.append(.isDataAt(d), to: b.sticky)
        },
    ]

    /// Applies the options byte_test and byte_jump share; false when `p` is not one of them.
    static func common(_ p: String, _ r: inout ByteRead, _ stringSeen: inout Bool) -> Bool {
        switch p {
        case "relative": r.relative = true
        case "big": r.littleEndian = false
        case "little": r.littleEndian = true
        case "string": stringSeen = true; r.stringBase = 10
        case "dec": r.stringBase = 10
        case "hex": r.stringBase = 16
        case "oct": r.stringBase = 8
        default: return false
        }
        return true
    }

    static func byteTest(_ v: String?) throws -> ByteTest {
        let a = RuleText.args(v)
        guard a.count >= 4, let n = RuleText.integer(a[0]), n >= 0, n <= 10 else { throw RuleError.badValue(keyword: "byte_test", detail: v ?? "") }
        var opText = a[1]
        var negated = false
        if opText.hasPrefix("!") { negated = true; opText.removeFirst() }
        if opText == "=" || opText.isEmpty { opText = "=" }
        guard let op = ByteTest.Op(rawValue: opText) ?? (opText == "!=" ? .eq : nil) else { throw RuleError.badValue(keyword: "byte_test", detail: a[1]) }
        if opText == "!=" { negated = true }
        guard let value = UInt64(a[2].hasPrefix("0x") ? String(a[2].dropFirst(2)) : a[2], radix: a[2].hasPrefix("0x") ? 16 : 10) else {
            throw RuleError.badValue(keyword: "byte_test", detail: "value is not a number (byte_extract variables are not supported)")
        }
        guard let off = RuleText.integer(a[3]), abs(off) <= 65535 else { throw RuleError.badValue(keyword: "byte_test", detail: "offset \(a[3])") }
        var read = ByteRead(count: n, offset: off)
        var stringSeen = false
        var mask: UInt64?
        var i = 4
        while i < a.count {
            let p = a[i]
            if common(p, &read, &stringSeen) || p == "dce" {
            } else if p.hasPrefix("bitmask") {
                let m = RuleText.trim(p.dropFirst(7))
                guard let mv = UInt64(m.hasPrefix("0x") ? String(m.dropFirst(2)) : m, radix: m.hasPrefix("0x") ? 16 : 10) else {
                    throw RuleError.badValue(keyword: "byte_test", detail: p)
                }
                mask = mv
            } else {
                throw RuleError.badValue(keyword: "byte_test", detail: p)
            }
            i += 1
        }
        if read.stringBase == nil, n > 8 || n == 0 { throw RuleError.badValue(keyword: "byte_test", detail: "binary reads take 1 to 8 bytes") }
        return ByteTest(read: read, op: op, negated: negated, value: value, bitmask: mask)
    }

    static func byteJump(_ v: String?) throws -> ByteJump {
        let a = RuleText.args(v)
        guard a.count >= 2, let n = RuleText.integer(a[0]), n >= 1, n <= 10 else { throw RuleError.badValue(keyword: "byte_jump", detail: v ?? "") }
        guard let off = RuleText.integer(a[1]), abs(off) <= 65535 else { throw RuleError.badValue(keyword: "byte_jump", detail: "offset \(a[1])") }
        var j = ByteJump(read: ByteRead(count: n, offset: off))
        var stringSeen = false
        for p in a.dropFirst(2) {
            if common(p, &j.read, &stringSeen) || p == "dce" { continue }
            switch p {
            case "align": j.align = true
            case "from_beginning": j.fromBeginning = true
            case "from_end": j.fromEnd = true
            default:
                let kv = p.split(separator: " ", maxSplits: 1).map { RuleText.trim($0) }
                guard kv.count == 2, let x = RuleText.integer(kv[1]), abs(x) <= 65535 else { throw RuleError.badValue(keyword: "byte_jump", detail: p) }
                switch kv[0] {
                case "multiplier": guard x >= 1 else { throw RuleError.badValue(keyword: "byte_jump", detail: p) }; j.multiplier = x
                case "post_offset": j.postOffset = x
                default: throw RuleError.badValue(keyword: "byte_jump", detail: p)
                }
            }
        }
        if j.read.stringBase == nil, n > 8 { throw RuleError.badValue(keyword: "byte_jump", detail: "more than 8 binary bytes") }
        return j
    }
}
