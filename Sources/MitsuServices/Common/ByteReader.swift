/// A cursor over attacker bytes whose every read returns nil instead of trapping when the bytes run
/// out. The MySQL and TDS parsers read only through it.
public struct ByteReader {
    public let bytes: [UInt8]
    public private(set) var offset: Int

    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = min(max(0, offset), bytes.count)
    }

    public var remaining: Int { bytes.count - offset }
    public var isAtEnd: Bool { offset >= bytes.count }

    public mutating func u8() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func read(_ n: Int) -> [UInt8]? {
        guard n >= 0, n <= remaining else { return nil }
        defer { offset += n }
        return Array(bytes[offset..<(offset + n)])
    }

    public mutating func skip(_ n: Int) -> Bool { read(n) != nil }

    public mutating func u16le() -> UInt16? {
        guard let b = read(2) else { return nil }
        return UInt16(b[0]) | UInt16(b[1]) << 8
    }

    public mutating func u16be() -> UInt16? {
        guard let b = read(2) else { return nil }
        return UInt16(b[0]) << 8 | UInt16(b[1])
    }

    public mutating func u32le() -> UInt32? {
        guard let b = read(4) else { return nil }
        return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
    }

    /// Bytes up to a NUL (consumed, not returned); nil when no NUL comes within `max` bytes.
    public mutating func cString(max: Int) -> [UInt8]? {
        let end = min(bytes.count, offset + max + 1)
        guard let nul = bytes[offset..<end].firstIndex(of: 0) else { return nil }
        defer { offset = nul + 1 }
        return Array(bytes[offset..<nul])
    }

    /// The rest of the bytes.
    public mutating func rest() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(bytes[offset...])
    }

    /// MySQL's length-encoded integer; nil for the NULL/EOF markers and for short input.
    public mutating func lengthEncoded() -> UInt64? {
        guard let first = u8() else { return nil }
        switch first {
        case 0..<0xfb: return UInt64(first)
        case 0xfc: return u16le().map(UInt64.init)
        case 0xfd:
            guard let b = read(3) else { return nil }
            return UInt64(b[0]) | UInt64(b[1]) << 8 | UInt64(b[2]) << 16
        case 0xfe:
            guard let b = read(8) else { return nil }
            return b.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        default: return nil
        }
    }
}

/// Little helpers to build the replies.
extension Array where Element == UInt8 {
    mutating func appendLE16(_ v: Int) { append(contentsOf: [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)]) }
    mutating func appendBE16(_ v: Int) { append(contentsOf: [UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]) }
    mutating func appendLE32(_ v: Int) {
        for s in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: v >> s)) }
    }
    mutating func appendLE64(_ v: Int) {
        for s in stride(from: 0, to: 64, by: 8) { append(UInt8(truncatingIfNeeded: v >> s)) }
    }
}
