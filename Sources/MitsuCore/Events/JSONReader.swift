/// A small, bounded JSON reader over bytes: the pieces `EventDecoder` needs and nothing else.
///
/// Foundation's `JSONDecoder` managed ~44,000 events/s here, below the collector's target; this reader
/// parses straight into the fields it is asked for. Every read checks bounds and returns nil or throws;
/// nesting is capped so a hostile line cannot exhaust the stack.
struct JSONReader {
    struct Failure: Error, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "\(reason) at byte \(offset)" }
    }

    static let maxDepth = 32

    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    func fail(_ reason: String) -> Failure { Failure(offset: i, reason: reason) }

    mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    mutating func peek() -> UInt8? {
        skipSpace()
        return i < bytes.count ? bytes[i] : nil
    }

    mutating func expect(_ c: UInt8) throws {
        guard peek() == c else { throw fail("expected '\(Character(Unicode.Scalar(c)))'") }
        i += 1
    }

    /// Calls `body` with each key of an object; `body` must consume the value.
    mutating func object(depth: Int, _ body: (inout JSONReader, String) throws -> Void) throws {
        guard depth < JSONReader.maxDepth else { throw fail("nesting too deep") }
        try expect(UInt8(ascii: "{"))
        if peek() == UInt8(ascii: "}") {
            i += 1
            return
        }
        while true {
            let key = try string()
            try expect(UInt8(ascii: ":"))
            try body(&self, key)
            switch peek() {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "}"): i += 1; return
            default: throw fail("expected ',' or '}'")
            }
        }
    }

    mutating func array(depth: Int, _ body: (inout JSONReader) throws -> Void) throws {
        guard depth < JSONReader.maxDepth else { throw fail("nesting too deep") }
        try expect(UInt8(ascii: "["))
        if peek() == UInt8(ascii: "]") {
            i += 1
            return
        }
        while true {
            try body(&self)
            switch peek() {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "]"): i += 1; return
            default: throw fail("expected ',' or ']'")
            }
        }
    }

    /// True (and consumed) when the next value is `null`.
    mutating func null() -> Bool {
        guard peek() == UInt8(ascii: "n"), i + 4 <= bytes.count,
              bytes[i + 1] == UInt8(ascii: "u"), bytes[i + 2] == UInt8(ascii: "l"), bytes[i + 3] == UInt8(ascii: "l") else { return false }
        i += 4
        return true
    }

    mutating func bool() throws -> Bool {
        let c = peek()
        if c == UInt8(ascii: "t"), i + 4 <= bytes.count, bytes[i + 1] == UInt8(ascii: "r"), bytes[i + 2] == UInt8(ascii: "u"), bytes[i + 3] == UInt8(ascii: "e") {
            i += 4
            return true
        }
        if c == UInt8(ascii: "f"), i + 5 <= bytes.count, bytes[i + 1] == UInt8(ascii: "a"), bytes[i + 2] == UInt8(ascii: "l"),
           bytes[i + 3] == UInt8(ascii: "s"), bytes[i + 4] == UInt8(ascii: "e") {
            i += 5
            return false
        }
        throw fail("expected true or false")
    }

    /// The text of a JSON number, validated by the grammar.
    private mutating func numberText() throws -> (start: Int, end: Int, isInteger: Bool) {
        _ = peek()
        let start = i
        var isInteger = true
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        let digitsStart = i
        while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
        guard i > digitsStart else { throw fail("expected a number") }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            let f = i
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
            guard i > f else { throw fail("expected digits after '.'") }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            let e = i
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
            guard i > e else { throw fail("expected exponent digits") }
        }
        guard i - start <= 40 else { throw fail("number too long") }
        return (start, i, isInteger)
    }

    mutating func int64() throws -> Int64 {
        let n = try numberText()
        guard n.isInteger else { throw Failure(offset: n.start, reason: "expected a whole number") }
        var negative = false
        var j = n.start
        if bytes[j] == UInt8(ascii: "-") {
            negative = true
            j += 1
        }
        var v: Int64 = 0
        while j < n.end {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(bytes[j] - 48))
            guard !o1, !o2 else { throw Failure(offset: n.start, reason: "number out of range") }
            v = a
            j += 1
        }
        return negative ? -v : v
    }

    mutating func int() throws -> Int {
        let v = try int64()
        guard let small = Int(exactly: v) else { throw fail("number out of range") }
        return small
    }

    mutating func double() throws -> Double {
        let n = try numberText()
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[n.start..<n.end]), as: UTF8.self)
        guard let d = Double(text), d.isFinite else { throw Failure(offset: n.start, reason: "not a finite number") }
        return d
    }

    mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = i
        // Fast path: no escapes.
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            guard c >= 0x20 else { throw fail("control character in string") }
            i += 1
        }
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            switch c {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard i < bytes.count else { throw fail("unterminated escape") }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        // A high surrogate must be followed by \u and a low surrogate.
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                            throw fail("lone surrogate")
                        }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("bad surrogate pair") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw fail("lone surrogate")
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw fail("bad unicode escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    throw fail("bad escape")
                }
            default:
                guard c >= 0x20 else { throw fail("control character in string") }
                // The plain run up to the next quote or escape in one copy: payload previews are mostly
                // text with an escaped CR LF every few dozen bytes.
                var end = i
                while end < bytes.count, bytes[end] >= 0x20, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") { end += 1 }
                out.append(c)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
                i = end
            }
        }
        throw fail("unterminated string")
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("short unicode escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 97...102: d = UInt32(c - 87)
            case 65...70: d = UInt32(c - 55)
            default: throw fail("bad hex digit")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    mutating func strings(depth: Int) throws -> [String] {
        var out: [String] = []
        try array(depth: depth) { r in out.append(try r.string()) }
        return out
    }

    /// Skips any value (used for fields this version does not know).
    mutating func skipValue(depth: Int) throws {
        guard depth < JSONReader.maxDepth else { throw fail("nesting too deep") }
        switch peek() {
        case UInt8(ascii: "{"): try object(depth: depth + 1) { r, _ in try r.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["): try array(depth: depth + 1) { r in try r.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"):
            guard null() else { throw fail("unexpected token") }
        case nil: throw fail("unexpected end")
        default: _ = try numberText()
        }
    }

    mutating func end() throws {
        guard peek() == nil else { throw fail("trailing bytes after the object") }
    }
}
