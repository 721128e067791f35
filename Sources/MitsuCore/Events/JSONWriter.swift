/// A minimal, allocation-light JSON object writer.
///
/// `JSONEncoder` neither keeps field order nor reaches the collector's throughput target, and every event is
/// encoded at least twice (worker stream, events.jsonl), so events are written by hand with this.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// One bit per open object (innermost lowest): set once the object has a member, so the next member
    /// needs a comma. Events nest two levels deep; 64 is plenty.
    private var commaBits: UInt64 = 0
    private var depth = 0

    public init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() {
        bytes.append(UInt8(ascii: "{"))
        commaBits <<= 1
        depth += 1
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        commaBits >>= 1
        depth -= 1
    }

    public mutating func key(_ name: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func key(_ name: String) {
        separator()
        appendString(name)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func separator() {
        guard depth > 0 else { return }
        if commaBits & 1 == 1 { bytes.append(UInt8(ascii: ",")) }
        commaBits |= 1
    }

    public mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        appendString(value)
    }

    public mutating func field<I: BinaryInteger>(_ name: StaticString, _ value: I?) {
        guard let value else { return }
        key(name)
        if let small = Int64(exactly: value) {
            appendInteger(small)
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    public mutating func field(_ name: StaticString, _ value: Double?) {
        guard let value, value.isFinite else { return }
        key(name)
        bytes.append(contentsOf: JSONWriter.format(value).utf8)
    }

    public mutating func field(_ name: StaticString, _ value: Bool?) {
        guard let value else { return }
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func field(_ name: StaticString, _ values: [String]?) {
        guard let values else { return }
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            appendString(v)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func field(_ name: StaticString, _ dict: [String: String]?) {
        guard let dict else { return }
        key(name)
        beginObject()
        for k in dict.keys.sorted() {
            key(k)
            appendString(dict[k] ?? "")
        }
        endObject()
    }

    public mutating func appendTimestamp(_ t: Timestamp) {
        bytes.append(34)
        t.appendISO8601(to: &bytes)
        bytes.append(34)
    }

    public mutating func appendRaw(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    /// Writes a JSON string literal. Runs of bytes that need no escaping are copied whole; the rest
    /// (quote, backslash, control bytes, DEL) become escapes, so a line stays one line for any input.
    public mutating func appendString(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            var runStart = 0
            var i = 0
            while i < utf8.count {
                let b = utf8[i]
                if b >= 0x20, b != 0x22, b != 0x5C, b != 0x7F {
                    i += 1
                    continue
                }
                if i > runStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
                switch b {
                case 0x22: bytes.append(92); bytes.append(34)
                case 0x5C: bytes.append(92); bytes.append(92)
                case 0x0A: bytes.append(92); bytes.append(110)
                case 0x0D: bytes.append(92); bytes.append(114)
                case 0x09: bytes.append(92); bytes.append(116)
                default:
                    bytes.append(92); bytes.append(117); bytes.append(48); bytes.append(48)
                    bytes.append(JSONWriter.hexDigits[Int(b >> 4)])
                    bytes.append(JSONWriter.hexDigits[Int(b & 0xF)])
                }
                i += 1
                runStart = i
            }
            if i > runStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends a decimal integer without allocating a String.
    mutating func appendInteger(_ value: Int64) {
        if value == 0 {
            bytes.append(48)
            return
        }
        var v = value.magnitude
        if value < 0 { bytes.append(45) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 {
                d[n] = UInt8(48 + v % 10)
                v /= 10
                n += 1
            }
            while n > 0 {
                n -= 1
                bytes.append(d[n])
            }
        }
    }

    /// Shortest round-tripping decimal form, without a trailing `.0` for whole numbers.
    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
